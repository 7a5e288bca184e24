import { strict as assert } from 'assert';
import { accountsFromStored, activeAccount, DEFAULT_ACCOUNT, INITIAL_ACCOUNTS, toStored, type Account } from '../../../../src/core/accounts/accounts';
import { accountForProfile, accountNameProblem, newAccountId, withAccount, withActive, withoutAccount, withSource } from '../../../../src/core/accounts/accountEdits';
import { viewDescription } from '../../../../src/core/accounts/describe';

const staging: Account = { id: 'staging', name: 'staging', source: { kind: 'cliProfile', profile: 'staging' } };
const prod: Account = { id: 'prod', name: 'Prod', source: { kind: 'stored', apiUrl: 'https://api.cloud.nextmv.io' } };

describe('accounts', () => {
  it('a user from before accounts (nothing stored) has the default account, active, which uses the key as it was', () => {
    assert.deepEqual(accountsFromStored(undefined), INITIAL_ACCOUNTS);
    assert.deepEqual(activeAccount(accountsFromStored(undefined)), DEFAULT_ACCOUNT);
    assert.deepEqual(DEFAULT_ACCOUNT.source, { kind: 'default' });
  });

  it('round-trips through globalState without the default account, which is implied', () => {
    const state = withAccount(withAccount(INITIAL_ACCOUNTS, staging), prod);
    const stored = toStored(state);
    assert.deepEqual(stored.accounts.map((a) => a.id), ['staging', 'prod']);
    assert.deepEqual(accountsFromStored(JSON.parse(JSON.stringify(stored))), state);
  });

  it('stored data it cannot trust is dropped, never a crash: wrong shapes, duplicate names, an unknown active id', () => {
    const state = accountsFromStored({
      accounts: [staging, { id: 'x', name: 'STAGING', source: { kind: 'environment' } }, { id: 'BAD ID', name: 'n', source: { kind: 'environment' } },
        { id: 'default', name: 'Other default', source: { kind: 'environment' } }, { id: 'y', name: 'y', source: { kind: 'telepathy' } },
        { id: 'z', name: '', source: { kind: 'environment' } }, 'text', null, { id: 'w', name: 'w', source: { kind: 'stored', apiUrl: '' } }],
      activeId: 'nobody',
    });
    assert.deepEqual(state.accounts.map((a) => a.id), ['default', 'staging']);
    assert.equal(state.activeId, 'default');
    assert.deepEqual(accountsFromStored('garbage'), INITIAL_ACCOUNTS);
    assert.deepEqual(accountsFromStored({ accounts: 'no' }), INITIAL_ACCOUNTS);
  });

  it('adding makes the account active; names are unique without regard to case; ids follow the name', () => {
    const state = withAccount(INITIAL_ACCOUNTS, staging);
    assert.equal(state.activeId, 'staging');
    assert.throws(() => withAccount(state, { ...prod, id: 'p2', name: ' Staging ' }), /already an account named/);
    assert.match(accountNameProblem('', []) ?? '', /Give the account a name/);
    assert.match(accountNameProblem('a\u0007b', []) ?? '', /control characters/);
    assert.match(accountNameProblem('x'.repeat(61), []) ?? '', /under 60/);
    assert.equal(accountNameProblem('default', state.accounts), 'There is already an account named "default".');
    assert.equal(newAccountId('Team Prod!', state.accounts), 'team-prod');
    assert.equal(newAccountId('staging', state.accounts), 'staging-2');
    assert.equal(newAccountId('Default', state.accounts), 'default-2', 'never the default account id');
    assert.equal(newAccountId('☃', state.accounts), 'account');
  });

  it('removing: the default account stays; removing the active one makes the default active', () => {
    const state = withAccount(withAccount(INITIAL_ACCOUNTS, staging), prod);
    assert.equal(withoutAccount(state, 'default'), state);
    const without = withoutAccount(state, 'prod');
    assert.deepEqual(without.accounts.map((a) => a.id), ['default', 'staging']);
    assert.equal(without.activeId, 'default');
    assert.equal(withoutAccount(withActive(state, 'staging'), 'prod').activeId, 'staging');
  });

  it('switching to an unknown id changes nothing; a profile finds its account; a source can change (not the default\'s)', () => {
    const state = withAccount(INITIAL_ACCOUNTS, staging);
    assert.equal(withActive(state, 'nobody'), state);
    assert.equal(accountForProfile(state, 'staging')?.id, 'staging');
    assert.equal(accountForProfile(state, null), undefined);
    const copied = withSource(state, 'staging', { kind: 'stored', apiUrl: 'https://staging.example.com' });
    assert.deepEqual(activeAccount(copied).source, { kind: 'stored', apiUrl: 'https://staging.example.com' });
    assert.deepEqual(withSource(state, 'default', { kind: 'environment' }).accounts[0].source, { kind: 'default' });
  });

  it('the view\'s description: unchanged for a single default account; names the account once there are several', () => {
    assert.equal(viewDescription({ account: DEFAULT_ACCOUNT, accountCount: 1, host: 'api.cloud.nextmv.io', keySource: 'storage' }), 'key: secret storage');
    assert.equal(viewDescription({ account: DEFAULT_ACCOUNT, accountCount: 1, host: '127.0.0.1:8787', keySource: 'environment' }), '127.0.0.1:8787 · key: NEXTMV_API_KEY');
    assert.equal(viewDescription({ account: staging, accountCount: 2, host: 'staging.example.com', keySource: 'cliProfile' }), 'staging · staging.example.com · key: Nextmv CLI profile');
    assert.equal(viewDescription({ account: DEFAULT_ACCOUNT, accountCount: 2, host: 'api.cloud.nextmv.io', keySource: 'storage' }), 'Default · key: secret storage');
  });
});
