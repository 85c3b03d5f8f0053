import { describe, expect, it } from 'vitest';
import { FunctionResolver } from '../../../../lib/local/lambda/functionResolver.ts';

const config = { functionName: 'createUser', handlerFile: '/abs/createUser.ts' };
const resolver = new FunctionResolver({ '${Function_createUser}': config });

describe('Class: FunctionResolver', () => {
  it.each([
    ['${Function_createUser}', undefined],
    ['Function_createUser', undefined],
    ['createUser', undefined],
    ['arn:aws:lambda:eu-west-1:111122223333:function:createUser', undefined],
    ['arn:aws:lambda:eu-west-1:111122223333:function:createUser:$LATEST', undefined],
    ['arn:aws:lambda:eu-west-1:111122223333:function:createUser:live', 'live'],
  ])('resolves %s', (reference, qualifier) => {
    // Act
    const resolved = resolver.resolve(reference);

    // Assess
    expect(resolved).toEqual({ key: '${Function_createUser}', config, qualifier });
  });

  it('returns undefined for a reference it does not know', () => {
    // Act & Assess
    expect(resolver.resolve('arn:aws:lambda:eu-west-1:111122223333:function:deleteUser')).toBeUndefined();
  });
});
