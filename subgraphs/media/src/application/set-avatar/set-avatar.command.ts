import { profileImageCommand } from '../profile-image-command';

/** `setAvatar`: the viewer's avatar shows one of their READY images (public to everyone). */
export const setAvatar = profileImageCommand('setAvatar', 'AVATAR');
