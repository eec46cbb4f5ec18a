import type { EventContract } from './envelope';
/** Every contract, for snapshots and tooling. */
export declare const allContracts: readonly EventContract[];
