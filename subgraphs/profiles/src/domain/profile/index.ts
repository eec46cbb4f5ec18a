export * from './profile.aggregate';
export * from './profile.events';
export * from './profile-fields';
