import { strict as assert } from 'assert';
import { findProfile, isCliConfigError, parseCliConfig, profileFromEnv, usableProfile } from '../../../../src/core/accounts/cliConfig';

/** The example from Nextmv's docs: a default profile at the top level and a named one below it. */
const TWO_PROFILES = `apikey: nxmv_default_key
endpoint: api.cloud.nextmv.io
staging:
  apikey: nxmv_staging_key
  endpoint: staging.api.cloud.nextmv.io
`;

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isCliConfigError(err), `a CliConfigError, not ${String(err)}`);
    return err.userMessage;
  }
  return assert.fail('expected a CliConfigError');
}

describe('the Nextmv CLI configuration (~/.nextmv/config.yaml)', () => {
  it('reads the default profile from the top level and named profiles below it, endpoints with https://', () => {
    const config = parseCliConfig(TWO_PROFILES);
    assert.deepEqual(config.profiles, [
      { name: undefined, label: 'default', apiUrl: 'https://api.cloud.nextmv.io', apiKey: 'nxmv_default_key' },
      { name: 'staging', label: 'staging', apiUrl: 'https://staging.api.cloud.nextmv.io', apiKey: 'nxmv_staging_key' },
    ]);
    assert.deepEqual(usableProfile(config, 'staging'), { apiUrl: 'https://staging.api.cloud.nextmv.io', apiKey: 'nxmv_staging_key' });
    assert.deepEqual(usableProfile(config, undefined), { apiUrl: 'https://api.cloud.nextmv.io', apiKey: 'nxmv_default_key' });
  });

  it('takes endpoints in every form the SDK does: host, host:port, and http(s):// as is; none means Nextmv Cloud', () => {
    const config = parseCliConfig(`a:\n  apikey: k-aaaaaaaa\n  endpoint: localhost:8080\nb:\n  apikey: k-bbbbbbbb\n  endpoint: http://127.0.0.1:8787/\nc:\n  apikey: k-cccccccc\n`);
    assert.deepEqual(config.profiles.map((p) => p.apiUrl), ['https://localhost:8080', 'http://127.0.0.1:8787', 'https://api.cloud.nextmv.io']);
    assert.equal(findProfile(config, undefined), undefined, 'no top-level apikey/endpoint: no default profile');
  });

  it('an empty file (or only a comment) has no profiles, as the SDK reads it', () => {
    assert.deepEqual(parseCliConfig('').profiles, []);
    assert.deepEqual(parseCliConfig('# nothing yet\n').profiles, []);
  });

  it('malformed YAML is one clear message with line and column, and never quotes the file (a line may hold a key)', () => {
    const message = problemOf(() => parseCliConfig('apikey: "nxmv_secret_key_123\nstaging: {apikey: x'));
    assert.match(message, /~\/\.nextmv\/config\.yaml is not valid YAML: .* at line \d+, column \d+/);
    assert.doesNotMatch(message, /nxmv_secret_key_123/);
    assert.match(problemOf(() => parseCliConfig('staging:\n  apikey: a-aaaaaaaa\nstaging:\n  apikey: b-bbbbbbbb\n')), /not valid YAML: .*unique/i, 'a profile twice');
  });

  it('a top level that is not a map (a list, a bare string) holds no profiles: one clear message', () => {
    assert.match(problemOf(() => parseCliConfig('- staging\n- prod\n')), /does not hold profiles: its top level is not a map/);
    assert.match(problemOf(() => parseCliConfig('just text')), /does not hold profiles/);
  });

  it('a top-level key whose value is not a map is not a profile: skipped and named, the others still read', () => {
    const config = parseCliConfig(`${TWO_PROFILES}broken: just-a-string\nlisted:\n  - a\n`);
    assert.deepEqual(config.profiles.map((p) => p.label), ['default', 'staging']);
    assert.deepEqual(config.ignored, ['broken', 'listed']);
  });

  it('a profile without an apikey (or with one that is not text) is listed with the reason, and refused when used', () => {
    const config = parseCliConfig('oauth:\n  endpoint: api.cloud.nextmv.io\nnumeric:\n  apikey: [1, 2]\n');
    const [oauth, numeric] = config.profiles;
    assert.match(oauth.problem ?? '', /Profile "oauth" in ~\/\.nextmv\/config\.yaml has no apikey\. Run "nextmv configuration create --profile oauth"/);
    assert.match(numeric.problem ?? '', /apikey that is not text/);
    assert.equal(oauth.apiKey, undefined);
    assert.match(problemOf(() => usableProfile(config, 'oauth')), /has no apikey/);
  });

  it('a profile whose endpoint cannot be a URL says so, and where to fix it', () => {
    const config = parseCliConfig('odd:\n  apikey: k-12345678\n  endpoint: ftp://files.example.com\n');
    assert.match(config.profiles[0].problem ?? '', /Profile "odd" of ~\/\.nextmv\/config\.yaml: .*"ftp:" is not http: or https:.*Fix its endpoint in ~\/\.nextmv\/config\.yaml/);
    assert.match(problemOf(() => usableProfile(config, 'odd')), /ftp:/);
  });

  it('a profile that is gone (renamed, deleted) is one clear message', () => {
    assert.match(problemOf(() => usableProfile(parseCliConfig(TWO_PROFILES), 'prod')), /has no profile "prod" any more/);
    assert.match(problemOf(() => usableProfile(parseCliConfig('staging:\n  apikey: k-12345678\n'), undefined)), /has no default profile/);
  });

  it('NEXTMV_PROFILE picks a profile; one it names but the file lacks is a clear problem; unset or blank picks none', () => {
    const config = parseCliConfig(TWO_PROFILES);
    assert.equal(profileFromEnv(config, 'staging').profile?.apiKey, 'nxmv_staging_key');
    assert.deepEqual(profileFromEnv(config, 'prod'), { problem: 'NEXTMV_PROFILE is "prod", but ~/.nextmv/config.yaml has no profile of that name.' });
    assert.deepEqual(profileFromEnv(config, undefined), {});
    assert.deepEqual(profileFromEnv(config, '  '), {});
  });

  it('aliases that expand without end are refused, not followed', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;
    assert.match(problemOf(() => parseCliConfig(bomb)), /could not be read|not valid YAML/);
  });
});
