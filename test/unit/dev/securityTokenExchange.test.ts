/** The browser's way in to a non-loopback `aethon dev`: the token in the printed URL becomes a cookie. */
import { describe, expect, it } from 'vitest';
import { accessPolicyFor, checkAccess, cookieToken, tokenCookieName, tokenExchange } from '../../../lib/dev/security.ts';

const TOKEN_COOKIE = 'aethon_dev_token_8083';

const policy = accessPolicyFor('10.0.0.5', { token: 'tok-123', extraHosts: ['devbox.local'] });

describe('Function: tokenExchange', () => {
  it('turns GET /?token=<right token> into a redirect without the token that sets an HttpOnly, SameSite=Strict cookie', () => {
    const exchange = tokenExchange(policy, 'GET', '/?token=tok-123', { host: 'devbox.local:8083' });
    expect(exchange).toEqual({ status: 303, location: '/', setCookie: `${TOKEN_COOKIE}=tok-123; Path=/; HttpOnly; SameSite=Strict` });
  });

  it('keeps the rest of a deep link (path and other query values)', () => {
    expect(tokenExchange(policy, 'GET', '/workflows/w/executions/e?state=charge&token=tok-123', { host: '10.0.0.5:8083' })?.location).toBe('/workflows/w/executions/e?state=charge');
  });

  it('exchanges nothing for a wrong token, another method, a refused Host, or a loopback server without a token', () => {
    expect(tokenExchange(policy, 'GET', '/?token=guess', { host: 'devbox.local:8083' })).toBeUndefined();
    expect(tokenExchange(policy, 'POST', '/?token=tok-123', { host: 'devbox.local:8083' })).toBeUndefined();
    expect(tokenExchange(policy, 'GET', '/?token=tok-123', { host: 'attacker.example:8083' })).toBeUndefined();
    expect(tokenExchange(accessPolicyFor('127.0.0.1'), 'GET', '/?token=tok-123', { host: '127.0.0.1:8083' })).toBeUndefined();
  });

  it('leaves a wrong token in the URL to checkAccess, which refuses it and says how a browser gets in', () => {
    expect(checkAccess(policy, { host: 'devbox.local:8083' })).toMatchObject({ status: 401, message: expect.stringContaining('/?token=') });
  });
});

describe('Function: checkAccess with the cookie', () => {
  it('lets in a request whose cookie holds the token, among other cookies', () => {
    expect(checkAccess(policy, { host: 'devbox.local:8083', cookie: `theme=dark; ${TOKEN_COOKIE}=tok-123` })).toBeUndefined();
  });

  it('refuses a cookie with another token, and still takes the Bearer token or SigV4 access key id', () => {
    expect(checkAccess(policy, { host: 'devbox.local:8083', cookie: `${TOKEN_COOKIE}=stale` })).toMatchObject({ status: 401 });
    expect(checkAccess(policy, { host: 'devbox.local:8083', cookie: `${TOKEN_COOKIE}=stale`, authorization: 'Bearer tok-123' })).toBeUndefined();
    expect(checkAccess(policy, { host: 'devbox.local:8083', authorization: 'AWS4-HMAC-SHA256 Credential=tok-123/20261204/us-east-1/states/aws4_request' })).toBeUndefined();
  });

  it('does not let the cookie stand in for an allowed Host', () => {
    expect(checkAccess(policy, { host: 'attacker.example:8083', cookie: `${TOKEN_COOKIE}=tok-123` })).toMatchObject({ status: 403 });
  });
});

describe('Function: cookieToken', () => {
  it('reads the token cookie, decoded, and nothing from other or malformed cookies', () => {
    expect(cookieToken(`a=1; ${TOKEN_COOKIE}=x%3Dy`, 'devbox.local:8083')).toBe('x=y');
    expect(cookieToken('a=1; b=2', 'devbox.local:8083')).toBeUndefined();
    expect(cookieToken(`${TOKEN_COOKIE}=%E0%A4%A`, 'devbox.local:8083')).toBeUndefined();
    expect(cookieToken(undefined, 'devbox.local:8083')).toBeUndefined();
  });

  it("keeps two servers' cookies apart by port (cookies are not), port 80 when the Host has none", () => {
    expect(tokenCookieName('devbox.local:9000')).toBe('aethon_dev_token_9000');
    expect(tokenCookieName('devbox.local')).toBe('aethon_dev_token_80');
    expect(cookieToken(`${TOKEN_COOKIE}=mine; aethon_dev_token_9000=other`, 'devbox.local:9000')).toBe('other');
    expect(checkAccess(policy, { host: 'devbox.local:9000', cookie: `${TOKEN_COOKIE}=tok-123` })).toMatchObject({ status: 401 });
  });
});
