import { profileImageCommand } from '../profile-image-command';

/** `setBanner`: the viewer's banner shows one of their READY images (public to everyone). */
export const setBanner = profileImageCommand('setBanner', 'BANNER');
