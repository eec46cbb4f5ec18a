/** The part of a JetStream client a test publishes through (structural: no NATS import here). */
export interface EnvelopePublisher<Ack> {
  publish(subject: string, payload: string, options: { msgID: string }): Promise<Ack>;
}

/**
 * Publishes an event envelope as a producer's relay does: subject = the event type, payload = the
 * JSON envelope, NATS message id = the event id (pass another `msgID` for a redelivery JetStream
 * cannot deduplicate).
 */
export function publishEnvelope<Ack>(
  js: EnvelopePublisher<Ack>,
  envelope: { id: string; type: string },
  msgID: string = envelope.id,
): Promise<Ack> {
  return js.publish(envelope.type, JSON.stringify(envelope), { msgID });
}
