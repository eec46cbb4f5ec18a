import { ACCESS_LOST, type AccessCheck, type EndReason } from '@agora/realtime';
import type { Logger } from '@agora/service-kit';
import type { ServiceMap } from '@apollo/gateway';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../../subgraphs/gateway-context';
import { realtimeError } from './errors';
import { localPrimarySource } from './local-data-source';
import { REALTIME_SUBGRAPH, type OperationPlanner, type PreparedOperation, type PreparedSubscription } from './operation-planner';
import type { SharedResolutions } from './shared-resolutions';
import type { Outcome, QueuedEvent } from './subscription';

export type AccessVerdict = 'allowed' | 'denied' | 'failed';

/** Codes with which a subgraph says "not for you" rather than "something broke". */
const DENIAL_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']);

export interface SubscriberOptions {
  planner: OperationPlanner;
  prepared: PreparedSubscription;
  /** Coerced variables of the subscriber's operation. */
  variables: Record<string, unknown>;
  context: GatewayContext;
  /** The subgraphs' data sources for this subscriber (batching ones; see batching-data-source.ts). */
  serviceMap: ServiceMap;
  access: AccessCheck | undefined;
  /** The gateway's error policy for payloads (errors.ts). */
  mask: (result: ExecutionResult) => ExecutionResult;
  logger: Logger;
  /** Resolutions shared with the instance's other subscriptions asking the same (shared-resolutions.ts). */
  shared?: SharedResolutions;
  /** Identifies the operation among the planner's prepared ones (same text = same key). */
  operationKey?: string;
}

export const endError = (end: EndReason) => realtimeError(end.code, end.reason, end.message);

/**
 * What one subscriber makes of the events routed to it: each value is resolved through the
 * supergraph as the subscriber (their whole selection, their identity), access is checked again
 * when an event may have taken the subject away, and `end` deliveries end the subscription.
 */
export class Subscriber {
  private readonly accessQuery: PreparedOperation | undefined;

  constructor(private readonly options: SubscriberOptions) {
    this.accessQuery = options.access ? options.planner.prepareQuery(options.access.query) : undefined;
  }

  /**
   * Runs the field's access check as the viewer: `allowed` when the check's `subject` resolves,
   * `denied` when it is null (or a subgraph answered NOT_FOUND/FORBIDDEN), `failed` when the
   * check could not be made (a subgraph down): callers do not end a subscription on that.
   */
  async checkAccess(): Promise<AccessVerdict> {
    const { access, planner, context, serviceMap, logger } = this.options;
    if (!access || !this.accessQuery) return 'allowed';
    const result = await planner.execute(this.accessQuery, { context, variables: access.variables, serviceMap, logger });
    if ((result.data as { subject?: unknown } | null | undefined)?.subject) return 'allowed';
    const unexpected = (result.errors ?? []).filter((error) => !DENIAL_CODES.has(String(error.extensions['code'])));
    if (unexpected.length === 0) return 'denied';
    logger.warn({ errors: unexpected.map((error) => error.message), viewer: context.viewer?.userId }, 'realtime: access check failed');
    return 'failed';
  }

  /** The subscriber's whole operation with `value` as the root field's value. */
  async resolve(value: Record<string, unknown>): Promise<ExecutionResult> {
    const { planner, prepared, context, variables, serviceMap, logger } = this.options;
    const local = localPrimarySource(planner.realtimeSchema, prepared.primary.document, prepared.field, value);
    return planner.execute(prepared, { context, variables, serviceMap: { ...serviceMap, [REALTIME_SUBGRAPH]: local }, logger });
  }

  /** `resolve`, shared with other subscriptions of the same viewer, operation and variables for this event. */
  private resolveEvent(seq: number, value: Record<string, unknown>): Promise<ExecutionResult> {
    const { shared, operationKey, context, variables } = this.options;
    if (!shared || operationKey === undefined) return this.resolve(value);
    const key = JSON.stringify([seq, context.viewer?.userId ?? null, operationKey, variables, value]);
    return shared.get(key, () => this.resolve(value));
  }

  async handle(event: QueuedEvent): Promise<Outcome> {
    const { prepared, logger, mask } = this.options;
    if (event.deliveries.some((delivery) => delivery.kind === 'recheck') && (await this.checkAccess()) === 'denied') {
      return { kind: 'end', errors: [endError(ACCESS_LOST)] };
    }
    const ending = event.deliveries.find((delivery) => delivery.kind === 'end');
    if (ending?.kind === 'end') {
      // Only a key-only selection still resolves once the subject is gone (API.md, DELETED).
      let last: ExecutionResult | undefined;
      if (ending.value && prepared.keysOnly) {
        const result = await this.resolveEvent(event.seq, ending.value);
        if (this.rootOf(result) != null) last = mask(result);
      }
      return { kind: 'end', ...(last && { last }), errors: [endError(ending.end)] };
    }
    const delivery = event.deliveries.find((candidate) => candidate.kind === 'deliver');
    if (delivery?.kind !== 'deliver') return { kind: 'skip' };
    const result = await this.resolveEvent(event.seq, delivery.value);
    if (this.rootOf(result) != null) return { kind: 'deliver', payload: mask(result) };
    // The value does not resolve for this viewer (a notification dropped since, a post they
    // cannot see): nothing to send. For postActivity a null post may mean the post was taken
    // away: the access check decides.
    if (this.options.access && (await this.checkAccess()) === 'denied') return { kind: 'end', errors: [endError(ACCESS_LOST)] };
    // Not resolving is normal (debug); a subgraph failing is not (warn): the event is lost for them.
    const failures = (result.errors ?? []).filter((error) => !DENIAL_CODES.has(String(error.extensions['code'])));
    const detail = { seq: event.seq, field: prepared.field, viewer: this.options.context.viewer?.userId };
    if (failures.length > 0) {
      logger.warn({ ...detail, errors: failures.map((error) => error.message) }, 'realtime: delivery failed to resolve; skipped');
    } else {
      logger.debug(detail, 'realtime: delivery does not resolve for the subscriber; skipped');
    }
    return { kind: 'skip' };
  }

  private rootOf(result: ExecutionResult): unknown {
    return (result.data as Record<string, unknown> | null | undefined)?.[this.options.prepared.responseKey];
  }
}
