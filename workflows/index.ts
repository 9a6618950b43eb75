/** Every workflow type the dondoc worker runs. */
export { rowWorkflow } from './row';
export { planWorkflow } from './plan';
export { digestWorkflow } from './digest';
export { importTurnWorkflow } from './import-turn';
