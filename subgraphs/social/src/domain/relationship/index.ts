export * from './relationship';
export * from './relationship.events';
export * from './user-pair.aggregate';
