import { canonicalUuid, DomainError, type Clock, type EventMetadata, type IdGenerator } from '@agora/kernel';
import { parseInput, requireViewer, type Viewer } from '@agora/service-kit';
import type { z } from 'zod';

/** Who issues a command: the signed-in person, id in canonical form. */
export interface Actor {
  id: string;
  username: string;
}

/** `required`: UNAUTHENTICATED without a viewer. `optional`: the actor may be null (e.g. register, login). */
export type ViewerRule = 'required' | 'optional';

export type ActorFor<Rule extends ViewerRule> = Rule extends 'required' ? Actor : Actor | null;

/** What a command handler receives besides its ports: the parsed input and where the command came from. */
export interface CommandCall<Input, A extends Actor | null = Actor> {
  /** The input, parsed by the command's schema (ids canonical, strings trimmed as the schema says). */
  input: Input;
  actor: A;
  /** For the events the command causes: correlation = the request id, no causation, the actor. */
  metadata: EventMetadata;
  /** One instant for the whole command (the pipeline's clock). */
  now: Date;
  /** New ids for what the command creates (UUIDv7 in production). */
  ids: IdGenerator;
  /**
   * The client's IP as the gateway forwarded it (signed identity header); null when unknown (a
   * test calling the subgraph directly, a background job). Rate limits key on it (`unknown` when null).
   */
  clientIp: string | null;
}

/**
 * A command, declared once: its input schema, whether a viewer is required, and a handler over
 * ports. The pipeline does the rest (viewer check, parsing into BAD_USER_INPUT with
 * `extensions.field`, metadata, the unit of work). Expected failures are kernel DomainErrors
 * thrown by the handler or the domain; they reach the client with their code, reason and field.
 */
export interface CommandDefinition<Schema extends z.ZodType, Result, Ports, Rule extends ViewerRule = ViewerRule> {
  /** For logs and traces, e.g. `follow`. */
  name: string;
  input: Schema;
  viewer: Rule;
  /**
   * With the pipeline's `requireVerifiedEmail` on (`AUTH_REQUIRE_VERIFIED_EMAIL=true`), a
   * `viewer: 'required'` command of a viewer whose email is not verified is refused FORBIDDEN
   * `IDENTITY.EMAIL_NOT_VERIFIED` before it runs, unless it says `allowUnverifiedEmail: true`
   * (verifying the email, resending the mail, changing the password, settings).
   */
  allowUnverifiedEmail?: boolean;
  handle(call: CommandCall<z.output<Schema>, ActorFor<Rule>>, ports: Ports): Promise<Result>;
}

/** Declares a command; only gives the handler's parameters their types. */
export function defineCommand<Schema extends z.ZodType, Result, Ports, Rule extends ViewerRule>(
  definition: CommandDefinition<Schema, Result, Ports, Rule>,
): CommandDefinition<Schema, Result, Ports, Rule> {
  return definition;
}

/** What the transport hands the pipeline: the raw input, the verified viewer, the request id, the client's IP. */
export interface CommandRequest {
  input: unknown;
  viewer: Viewer | null;
  requestId: string;
  /** From `BaseContext.clientIp`; omitted = unknown (null in the call). */
  clientIp?: string | null;
}

/**
 * How a context runs a command's work. For most contexts: one transaction of its unit of work
 * (state + outbox + inbox commit together; the relay is woken after a commit that wrote events).
 * A context whose commands do slow work before they write (identity hashes passwords) passes
 * ports that open their own short transactions instead.
 */
export interface CommandRunner<Ports> {
  run<R>(work: (ports: Ports) => Promise<R>): Promise<R>;
}

export interface CommandPipelineOptions<Ports> {
  /** `SOCIAL`, `POSTS`, …: the `<CONTEXT>` of `<CONTEXT>.INVALID_INPUT`. */
  context: string;
  unitOfWork: CommandRunner<Ports>;
  clock: Clock;
  ids: IdGenerator;
  /**
   * `AUTH_REQUIRE_VERIFIED_EMAIL` (`ContextConfig.requireVerifiedEmail`): refuse `viewer:
   * 'required'` commands of viewers whose email is not verified, except those that declare
   * `allowUnverifiedEmail`. Default false.
   */
  requireVerifiedEmail?: boolean;
}

/** The refusal of a command that needs a verified email address (see `requireVerifiedEmail`). */
export function emailNotVerified(): DomainError {
  return new DomainError('FORBIDDEN', 'IDENTITY.EMAIL_NOT_VERIFIED', 'Verify your email address first.');
}

/** Runs declared commands for one context. Built once per process; shared by every request. */
export class CommandPipeline<Ports> {
  private readonly reasonPrefix: string;

  constructor(private readonly options: CommandPipelineOptions<Ports>) {
    this.reasonPrefix = options.context.toUpperCase();
  }

  async execute<Schema extends z.ZodType, Result, Rule extends ViewerRule>(
    command: CommandDefinition<Schema, Result, Ports, Rule>,
    request: CommandRequest,
  ): Promise<Result> {
    const actor = actorOf(command.viewer, request.viewer) as ActorFor<Rule>;
    if (
      this.options.requireVerifiedEmail === true &&
      command.viewer === 'required' &&
      command.allowUnverifiedEmail !== true &&
      request.viewer?.emailVerified !== true
    ) {
      throw emailNotVerified();
    }
    const input = parseInput(command.input, request.input, this.reasonPrefix) as z.output<Schema>;
    const call: CommandCall<z.output<Schema>, ActorFor<Rule>> = {
      input,
      actor,
      metadata: { correlationId: request.requestId, causationId: null, actorId: actor?.id ?? null },
      now: this.options.clock.now(),
      ids: this.options.ids,
      clientIp: request.clientIp ?? null,
    };
    return this.options.unitOfWork.run((ports) => command.handle(call, ports));
  }

  /** One command bound to this pipeline, e.g. for a use-case test: `follow.execute({ input, viewer, requestId })`. */
  bind<Schema extends z.ZodType, Result, Rule extends ViewerRule>(
    command: CommandDefinition<Schema, Result, Ports, Rule>,
  ): { execute(request: CommandRequest): Promise<Result> } {
    return { execute: (request) => this.execute(command, request) };
  }
}

export function createCommandPipeline<Ports>(options: CommandPipelineOptions<Ports>): CommandPipeline<Ports> {
  return new CommandPipeline(options);
}

function actorOf(rule: ViewerRule, viewer: Viewer | null): Actor | null {
  if (rule === 'required') {
    const { userId, username } = requireViewer({ viewer });
    return { id: canonicalUuid(userId), username };
  }
  return viewer ? { id: canonicalUuid(viewer.userId), username: viewer.username } : null;
}
