#!/usr/bin/env node
// Runs the TypeScript CLI in-process through tsx (workspace packages ship TypeScript source).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli.ts');
process.exitCode = await run(process.argv.slice(2));
