/**
 * @agora/audience/testing — test support for the contexts that keep the audience replica: the
 * events social and posts publish, built from the kernel's change types through their contracts.
 * Tests only; not part of the kernel's runtime surface.
 */
export * from './events';
