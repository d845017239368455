/** A job with no identity at all, told apart from an identity that exists and fails. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IdentityError, MissingIdTokenError } from '../../../src/identity/identity-error.ts';
import { isMissingIdentity } from '../../../src/identity/skip-without-identity.ts';

describe('isMissingIdentity', () => {
  const unavailable = (message: string) => Object.assign(new Error(message), { name: 'CredentialUnavailableError' });
  const aggregate = (errors: Error[]) => Object.assign(new Error('chain'), { name: 'AggregateAuthenticationError', errors });

  test('no OIDC and nothing else available', () => {
    assert.equal(isMissingIdentity(new IdentityError('github-oidc', new MissingIdTokenError()), false), true);
    assert.equal(
      isMissingIdentity(
        new IdentityError(
          'default-chain',
          aggregate([unavailable('EnvironmentCredential is unavailable'), unavailable("Please run 'az login'")]),
        ),
        false,
      ),
      true,
    );
  });

  test('an identity that exists and fails is not missing', () => {
    assert.equal(
      isMissingIdentity(
        new IdentityError('azure-cli', unavailable('AADSTS700024: Client assertion is not within its valid time range')),
        false,
      ),
      false,
    );
    assert.equal(
      isMissingIdentity(new IdentityError('default-chain', aggregate([unavailable('x'), new Error('AADSTS7000215')])), false),
      false,
    );
    assert.equal(
      isMissingIdentity(new IdentityError('github-oidc', new MissingIdTokenError()), true),
      false,
      'a job that can mint OIDC tokens has an identity',
    );
  });
});
