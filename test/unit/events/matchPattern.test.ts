import { describe, expect, it } from 'vitest';
import { EventPatternError, matchesPattern } from '../../../lib/events/index.ts';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'ReleaseTagged',
  source: 'app.ci',
  account: '123456789012',
  time: '2026-11-28T03:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:ecr:eu-west-1:123456789012:repository/api'],
  detail: {
    releaseId: 'r-42',
    service: 'API-gateway',
    size: 42,
    ratio: 0.5,
    draft: false,
    owner: null,
    tags: ['stable', 'lts'],
    meta: { region: 'eu', replicas: 3 },
    files: [{ name: 'a.txt', bytes: 10 }, { name: 'b.bin', bytes: 9000 }],
  },
};

describe('Function: matchesPattern', () => {
  it.each([
    ['exact strings', { source: ['app.ci'], 'detail-type': ['ReleaseTagged'] }, true],
    ['any of several values', { source: ['app.other', 'app.ci'] }, true],
    ['a value that differs', { source: ['app.other'] }, false],
    ['numbers compare as numbers', { detail: { size: [42.0] } }, true],
    ['a number never equals its text', { detail: { size: ['42'] } }, false],
    ['booleans', { detail: { draft: [false] } }, true],
    ['null matches null only', { detail: { owner: [null] } }, true],
    ['null does not match a missing field', { detail: { nobody: [null] } }, false],
    ['prefix', { detail: { releaseId: [{ prefix: 'r-' }] } }, true],
    ['prefix that does not hold', { detail: { releaseId: [{ prefix: 'v' }] } }, false],
    ['prefix ignoring case', { detail: { service: [{ prefix: { 'equals-ignore-case': 'api-' } }] } }, true],
    ['suffix', { detail: { service: [{ suffix: 'gateway' }] } }, true],
    ['suffix that does not hold', { detail: { service: [{ suffix: 'Gateway' }] } }, false],
    ['equals-ignore-case', { detail: { service: [{ 'equals-ignore-case': 'api-GATEWAY' }] } }, true],
    ['wildcard', { detail: { service: [{ wildcard: 'API-*way' }] } }, true],
    ['wildcard that does not hold', { detail: { service: [{ wildcard: 'API-*x' }] } }, false],
    ['wildcard with an escaped star', { detail: { service: [{ wildcard: 'API\\*' }] } }, false],
    ['anything-but a value', { source: [{ 'anything-but': 'app.other' }] }, true],
    ['anything-but the value itself', { source: [{ 'anything-but': 'app.ci' }] }, false],
    ['anything-but a list', { source: [{ 'anything-but': ['a', 'app.ci'] }] }, false],
    ['anything-but a number', { detail: { size: [{ 'anything-but': [41, 43] }] } }, true],
    ['anything-but a prefix', { detail: { releaseId: [{ 'anything-but': { prefix: 'r-' } }] } }, false],
    ['anything-but a suffix', { detail: { releaseId: [{ 'anything-but': { suffix: 'x' } }] } }, true],
    ['anything-but ignoring case', { detail: { service: [{ 'anything-but': { 'equals-ignore-case': ['api-gateway'] } }] } }, false],
    ['anything-but on a missing field', { detail: { nobody: [{ 'anything-but': 'x' }] } }, false],
    ['numeric range', { detail: { size: [{ numeric: ['>', 0, '<=', 42] }] } }, true],
    ['numeric range that excludes', { detail: { size: [{ numeric: ['>', 0, '<', 42] }] } }, false],
    ['numeric equality', { detail: { ratio: [{ numeric: ['=', 0.5] }] } }, true],
    ['numeric on a string never matches', { detail: { releaseId: [{ numeric: ['>', 0] }] } }, false],
    ['exists true', { detail: { releaseId: [{ exists: true }] } }, true],
    ['exists true on a missing field', { detail: { nobody: [{ exists: true }] } }, false],
    ['exists false on a missing field', { detail: { nobody: [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { releaseId: [{ exists: false }] } }, false],
    ['exists false under a missing object', { detail: { absent: { inner: [{ exists: false }] } } }, true],
    ['exists true on an object (not a leaf)', { detail: { meta: [{ exists: true }] } }, false],
    ['nested objects', { detail: { meta: { region: ['eu'], replicas: [{ numeric: ['>=', 3] }] } } }, true],
    ['nested objects that differ', { detail: { meta: { region: ['us'] } } }, false],
    ['an array field matches when any element does', { detail: { tags: ['lts'] } }, true],
    ['an array field with no matching element', { detail: { tags: ['beta'] } }, false],
    ['resources array with a prefix', { resources: [{ prefix: 'arn:aws:ecr:' }] }, true],
    ['objects inside arrays', { detail: { files: { bytes: [{ numeric: ['>', 1000] }] } } }, true],
    ['objects inside arrays that all miss', { detail: { files: { bytes: [{ numeric: ['>', 10000] }] } } }, false],
    ['$or with one alternative true', { source: ['app.ci'], $or: [{ detail: { size: [1] } }, { detail: { tags: ['stable'] } }] }, true],
    ['$or with none true', { $or: [{ detail: { size: [1] } }, { detail: { tags: ['beta'] } }] }, false],
    ['$or combined with a failing key', { source: ['app.other'], $or: [{ detail: { size: [42] } }, { detail: { tags: ['stable'] } }] }, false],
    ['an empty pattern matches everything', {}, true],
  ])('%s', (_title, pattern, expected) => {
    // Act
    const matched = matchesPattern(pattern, event);
    // Assess
    expect(matched).toBe(expected);
  });

  it.each([
    ['a pattern that is not an object', ['app.ci'], /must be a JSON object/],
    ['a leaf that is not an array', { source: 'app.ci' }, /array of matchers or an object.*at \$\.source/],
    ['an empty array', { source: [] }, /empty array matches nothing/],
    ['an unknown operator', { source: [{ startsWith: 'a' }] }, /unknown matcher 'startsWith'/],
    ['two operators in one matcher', { source: [{ prefix: 'a', suffix: 'b' }] }, /exactly one operator/],
    ['a numeric matcher with a bad operator', { detail: { size: [{ numeric: ['>>', 1] }] } }, /'numeric' takes/],
    ['a numeric range upside down', { detail: { size: [{ numeric: ['<', 10, '>', 0] }] } }, /lower bound first/],
    ['exists with a string', { source: [{ exists: 'yes' }] }, /'exists' takes true or false/],
    ['prefix with a number', { source: [{ prefix: 1 }] }, /'prefix' takes a string/],
    ['consecutive wildcards', { source: [{ wildcard: 'a**b' }] }, /consecutive/],
    ['a cidr block that is not one', { detail: { ip: [{ cidr: '10.0.0.0/33' }] } }, /'cidr' takes an IPv4 or IPv6 block.*at \$\.detail\.ip\[0\]\.cidr/],
    ['$or with one alternative', { $or: [{ source: ['a'] }] }, /at least two/],
    ['anything-but with an object list', { source: [{ 'anything-but': [{ prefix: 'a' }] }] }, /takes strings or numbers/],
  ])('throws EventPatternError for %s', (_title, pattern, message) => {
    // Act
    const act = () => matchesPattern(pattern, event);
    // Assess
    expect(act).toThrow(EventPatternError);
    expect(act).toThrow(message);
  });

  it('matches the example workflows\' trigger patterns as EventBridge would', () => {
    // Prepare
    const deploy = { source: ['app.ci'], 'detail-type': ['ReleaseTagged'] };
    // Act / Assess
    expect(matchesPattern(deploy, event)).toBe(true);
    expect(matchesPattern(deploy, { ...event, 'detail-type': 'UserSignedUp' })).toBe(false);
  });
});
