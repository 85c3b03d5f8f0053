export { evaluateChoiceRule } from './evaluateChoiceRule.ts';
export { selectChoice } from './selectChoice.ts';
export { parseTimestamp } from './timestamps.ts';
export { stringMatches } from './stringMatches.ts';
