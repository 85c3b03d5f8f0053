import { describe, expect, it } from 'vitest';
import { accessPolicyFor, checkAccess, isLoopback, presentedToken } from '../../../lib/dev/security.ts';

const SIGV4 = 'AWS4-HMAC-SHA256 Credential=tok-123/20261204/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';

describe('Function: checkAccess', () => {
  it('lets a loopback request in without a token', () => {
    const policy = accessPolicyFor('127.0.0.1');
    expect(checkAccess(policy, { host: '127.0.0.1:8083' })).toBeUndefined();
    expect(checkAccess(policy, { host: 'localhost:8083' })).toBeUndefined();
    expect(checkAccess(policy, { host: '[::1]:8083' })).toBeUndefined();
  });

  it('refuses a Host header naming another site (DNS rebinding), and one that is missing', () => {
    const policy = accessPolicyFor('127.0.0.1');
    expect(checkAccess(policy, { host: 'attacker.example:8083' })).toMatchObject({ status: 403, type: 'AccessDeniedException', message: expect.stringContaining("'attacker.example:8083'") });
    expect(checkAccess(policy, {})).toMatchObject({ status: 403 });
  });

  it("explains the SDK's sync- host prefix (StartSyncExecution) instead of refusing it blindly", () => {
    const policy = accessPolicyFor('127.0.0.1');
    expect(checkAccess(policy, { host: 'sync-localhost:8083' })).toMatchObject({ status: 403, message: expect.stringContaining('disableHostPrefix: true') });
  });

  it('accepts a host allowed by name', () => {
    const policy = accessPolicyFor('10.0.0.5', { token: 't', extraHosts: ['DevBox.local'] });
    expect(checkAccess(policy, { host: 'devbox.local:8083', authorization: 'Bearer t' })).toBeUndefined();
  });

  it('requires the token when one is set: as the SigV4 access key id or a Bearer token', () => {
    const policy = accessPolicyFor('10.0.0.5', { token: 'tok-123' });
    expect(checkAccess(policy, { host: '10.0.0.5:8083', authorization: SIGV4 })).toBeUndefined();
    expect(checkAccess(policy, { host: '10.0.0.5:8083', authorization: 'Bearer tok-123' })).toBeUndefined();
    expect(checkAccess(policy, { host: '10.0.0.5:8083', authorization: SIGV4.replace('tok-123', 'tok-999') })).toMatchObject({ status: 401, type: 'UnrecognizedClientException' });
    expect(checkAccess(policy, { host: '10.0.0.5:8083' })).toMatchObject({ status: 401, message: expect.stringContaining('access key id') });
  });
});

describe('Function: presentedToken', () => {
  it('reads the access key id of a SigV4 Authorization header', () => {
    expect(presentedToken(SIGV4)).toBe('tok-123');
    expect(presentedToken('Basic abc')).toBeUndefined();
    expect(presentedToken(undefined)).toBeUndefined();
  });
});

describe('Function: isLoopback', () => {
  it('knows the loopback names and the 127/8 block', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '10.0.0.5', 'example.com'].map(isLoopback)).toEqual([false, false, false]);
  });
});
