import {
  AccountSuspendedV1,
  AccountUnsuspendedV1,
  ContentRemovedV1,
  ContentRestoredV1,
  createEvent,
  ReportResolvedV1,
  type EventEnvelope,
} from '@agora/events';
import type { EventMetadata } from '@agora/kernel';
import type { ModerationEvent } from '../application/ports';

/**
 * Domain events → the published language (`moderation.*.v1` envelopes). `createEvent` validates
 * each payload, so a bad event fails the transaction instead of reaching other contexts. Aggregate
 * versions: moderation keeps no versioned aggregates, so every event is version 1 of its own fact
 * (consumers order by the instants the payloads carry).
 */
export function toEnvelope(event: ModerationEvent, metadata: EventMetadata): EventEnvelope {
  const common = {
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actorId: metadata.actorId,
    aggregateVersion: 1,
  };
  switch (event.type) {
    case 'ContentRemoved':
    case 'ContentRestored': {
      const subject = {
        subjectType: event.subject.type,
        subjectId: event.subject.id,
        postId: event.subject.postId,
        authorId: event.subject.authorId,
        moderatorId: event.moderatorId,
        reason: event.reason,
      };
      return event.type === 'ContentRemoved'
        ? createEvent(ContentRemovedV1, {
            ...common,
            aggregateId: event.subject.id,
            occurredAt: event.at,
            payload: { ...subject, reportId: event.reportId, removedAt: event.at.toISOString() },
          })
        : createEvent(ContentRestoredV1, {
            ...common,
            aggregateId: event.subject.id,
            occurredAt: event.at,
            payload: { ...subject, reportId: null, restoredAt: event.at.toISOString() },
          });
    }
    case 'AccountSuspended': {
      const { suspension } = event;
      return createEvent(AccountSuspendedV1, {
        ...common,
        aggregateId: suspension.userId,
        occurredAt: suspension.suspendedAt,
        payload: {
          userId: suspension.userId,
          moderatorId: suspension.moderatorId,
          reportId: suspension.reportId,
          reason: suspension.reason,
          suspendedAt: suspension.suspendedAt.toISOString(),
          until: suspension.until?.toISOString() ?? null,
        },
      });
    }
    case 'AccountUnsuspended':
      return createEvent(AccountUnsuspendedV1, {
        ...common,
        aggregateId: event.userId,
        occurredAt: event.at,
        payload: { userId: event.userId, moderatorId: event.moderatorId, unsuspendedAt: event.at.toISOString() },
      });
    case 'ReportResolved': {
      const { report } = event;
      return createEvent(ReportResolvedV1, {
        ...common,
        aggregateId: report.id,
        occurredAt: report.resolvedAt!,
        payload: {
          reportId: report.id,
          subjectType: report.subjectType,
          subjectId: report.subjectId,
          action: report.action!,
          moderatorId: report.resolvedBy!,
          note: report.resolutionNote,
          resolvedAt: report.resolvedAt!.toISOString(),
        },
      });
    }
  }
}
