/** Writes deploy/nats/nats-server.conf from the NATS access declaration (src/access.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDeployNatsConfig } from '../src/access';

const target = fileURLToPath(new URL('../../../deploy/nats/nats-server.conf', import.meta.url));
writeFileSync(target, renderDeployNatsConfig());
console.log(`wrote ${target}`);
