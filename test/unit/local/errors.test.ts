import { describe, expect, it } from 'vitest';
import { StatesErrors } from '../../../lib/contracts/statesErrors.ts';
import { asRuntimeFailure, toFailure } from '../../../lib/local/engine/failures.ts';
import { TaskFailure } from '../../../lib/local/index.ts';
import { readPath } from '../../../lib/local/jsonpath/readPath.ts';
import { thrown } from '../../helpers/thrown.ts';

describe('Class: TaskFailure, the one error of the local engine', () => {
  it('is what the engine throws for its own States.* errors, so users catch one class', () => {
    // Act
    const error = thrown(() => readPath('$.missing', { present: 1 }, { context: {}, variables: {} }));

    // Assess
    expect(error).toBeInstanceOf(TaskFailure);
    expect(error.name).toBe(StatesErrors.RUNTIME);
    expect(error.message).toContain('$.missing');
  });

  it('keeps an empty error name (a Fail state without Error) where other Errors fall back to "Error"', () => {
    expect(toFailure(new TaskFailure('', 'why'))).toEqual({ error: '', cause: 'why' });
    expect(toFailure(Object.assign(new Error('plain'), { name: '' }))).toEqual({ error: 'Error', cause: 'plain' });
    expect(toFailure('text')).toEqual({ error: 'Error', cause: 'text' });
  });

  it("prefixes a data-processing failure's cause with the state once, keeping its name", () => {
    // Act
    const once = asRuntimeFailure(new TaskFailure(StatesErrors.INTRINSIC_FAILURE, 'bad argument'), { name: 'Shape', enteredEventId: 4 }, 'Parameters');
    const twice = asRuntimeFailure(once, { name: 'Shape', enteredEventId: 4 }, 'Parameters');

    // Assess
    expect(once).toBeInstanceOf(TaskFailure);
    expect(toFailure(twice)).toEqual({ error: 'States.IntrinsicFailure', cause: "An error occurred while executing the state 'Shape' (entered at the event id #4). bad argument" });
  });
});
