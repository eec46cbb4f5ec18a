export {
  LAYERING_TARGETS,
  WORKSPACE_CYCLE_RULE,
  checkLayering,
  formatLayering,
  houseLayeringConfig,
  loadLayeringConfig,
  type LayeringOptions,
  type LayeringReport,
  type LayeringViolation,
} from './layering';
export { run } from './cli';
