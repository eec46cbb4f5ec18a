export * from './circle-name';
export * from './circle.aggregate';
export * from './circle.events';
