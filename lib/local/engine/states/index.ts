import type { StateHandler } from '../types.ts';
import { choiceState } from './choice.ts';
import { failState } from './fail.ts';
import { mapState } from './map.ts';
import { parallelState } from './parallel.ts';
import { passState } from './pass.ts';
import { succeedState } from './succeed.ts';
import { taskState } from './task.ts';
import { waitState } from './wait.ts';

/** The state handlers, keyed by ASL `Type`. */
export const STATE_HANDLERS: Readonly<Record<string, StateHandler>> = {
  Task: taskState,
  Pass: passState,
  Choice: choiceState,
  Wait: waitState,
  Succeed: succeedState,
  Fail: failState,
  Parallel: parallelState,
  Map: mapState,
};
