// @ts-check
'use strict';
/**
 * The house layering rules for this repository (see packages/guards/README.md); run by
 * `npm run lint`, or alone: `npx depcruise subgraphs packages prisma gateway e2e`.
 * The rules live in packages/guards/dependency-cruiser.cjs so its test checks the same ones.
 */
const { layeringConfig } = require('./packages/guards/dependency-cruiser.cjs');

module.exports = layeringConfig(__dirname);
