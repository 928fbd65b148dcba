import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/core/mask-secrets.js';
import { maskedPath } from '../../src/http/masked-path.js';
import { routeLabel } from '../../src/http/route-table.js';

describe('maskedPath', () => {
  it.each([
    ['/v1/graylog&token=abc', '/v1/graylog&token=***'],
    ['/v1/graylog;password=hunter2', '/v1/graylog;password=***'],
    ['/v1/graylog&%74oken=abc', '/v1/graylog&token=***'],
    ['/v1/graylog&api_key=abc&x=1', '/v1/graylog&api_key=***&x=1'],
    ['/v1/x/graylog-token-0123456789abcdef', '/v1/x/***'],
    ['/v1/bans/45.155.205.233', '/v1/bans/45.155.205.233'],
    ['/v1/bans/2a01%3A4f8%3Ac17%3A1%3A%3A%2F64', '/v1/bans/2a01:4f8:c17:1::/64'],
    ['/v1/%zz&token=abc', '/v1/%zz&token=***'],
    // the shortest token check-config accepts (16 characters), with no name before it
    ['/v1/graylog/Tok3nAbcdEfgh1234', '/v1/graylog/***'],
  ])('%s → %s', (path, shown) => {
    expect(maskedPath(path)).toBe(shown);
  });

  it('keeps long runs without digits (words) and bounds the length', () => {
    expect(maskSecrets('/v1/some-very-long-path-name-without-numbers')).toBe(
      '/v1/some-very-long-path-name-without-numbers',
    );
    expect(maskedPath(`/${'a/'.repeat(1000)}`)).toHaveLength(300);
  });
});

describe('routeLabel', () => {
  it('labels by route pattern, never by raw path', () => {
    expect(routeLabel('/v1/bans/45.155.205.233')).toBe('/v1/bans/{ip}');
    expect(routeLabel('/v1/fail2ban/ban')).toBe('/v1/fail2ban/ban');
    expect(routeLabel('/wp-login.php')).toBe('unmatched');
  });

  it.each([
    ['/', '/'],
    ['/favicon.ico', '/favicon.ico'],
    ['/ui', '/ui/'],
    ['/ui/', '/ui/'],
    ['/ui/bans', '/ui/bans'],
    ['/ui/routers', '/ui/routers'],
    ['/ui/activity', '/ui/activity'],
    ['/ui/login', '/ui/login'],
    ['/ui/logout', '/ui/logout'],
    ['/ui/ban', '/ui/ban'],
    ['/ui/unban', '/ui/unban'],
    ['/ui/sync', '/ui/sync'],
    ['/ui/assets/console.css', '/ui/assets/*'],
    ['/ui/assets/console.js', '/ui/assets/*'],
    ['/ui/bans/extra', 'unmatched'],
    ['/ui/nope', 'unmatched'],
  ])('console path %s is labelled %s', (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });
});
