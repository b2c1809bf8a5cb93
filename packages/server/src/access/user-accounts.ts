/**
 * Console users: the first admin (from `tandem init`, or from TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD when a
 * node starts with no user yet), and resetting a password from the node's own machine.
 */
import { z } from 'zod';
import { DuplicateUserError, type AccessStore, type User } from '@tandem/store';
import { InvalidInputError, OperationFailedError } from '../operation-errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password-hash.ts';

export const ADMIN_EMAIL_VARIABLE = 'TANDEM_ADMIN_EMAIL';
export const ADMIN_PASSWORD_VARIABLE = 'TANDEM_ADMIN_PASSWORD';

const emailSchema = z.email();

export interface AdminInput {
  email: string;
  password: string;
  /** Default: the part of the address before the @. */
  name?: string;
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'the password is longer than 1024 characters';
  return undefined;
}

function checkInput(input: AdminInput): void {
  if (!emailSchema.safeParse(input.email).success)
    throw new InvalidInputError(`'${input.email}' is not an e-mail address`, {
      issues: [{ in: 'input', path: ['email'], message: 'not an e-mail address' }],
    });
  const problem = passwordProblem(input.password);
  if (problem)
    throw new InvalidInputError(problem, { issues: [{ in: 'input', path: ['password'], message: problem }] });
}

/**
 * Creates an admin with this address, or sets the password of the existing user with it (the way back in after a
 * lost password: only someone who can open the node's store can run it). Returns the user and whether it is new.
 */
export async function createOrResetAdmin(
  access: AccessStore,
  input: AdminInput,
  context: { now: () => number; newId: () => string },
): Promise<{ user: User; created: boolean }> {
  checkInput(input);
  const passwordHash = await hashPassword(input.password);
  const now = context.now();
  const existing = await access.findUserByEmail(input.email);
  if (existing) {
    await access.setPassword(existing.id, passwordHash, now);
    const { passwordHash: _old, ...user } = existing;
    return { user: { ...user, updatedAt: now }, created: false };
  }
  const email = input.email.toLowerCase();
  const user: User = {
    id: context.newId(),
    email,
    name: input.name?.trim() || email.slice(0, email.indexOf('@')),
    role: 'admin',
    createdAt: now,
    updatedAt: now,
  };
  try {
    await access.insertUser({ ...user, passwordHash });
  } catch (error) {
    if (error instanceof DuplicateUserError)
      throw new OperationFailedError(`a user with e-mail ${email} was created meanwhile`, {}, { cause: error });
    throw error;
  }
  return { user, created: true };
}

/**
 * At `tandem serve`: when the store has no user and both variables are set, creates that admin. Returns the user
 * created, or undefined (users exist already, or the variables are not set).
 */
export async function firstAdminFromEnv(
  access: AccessStore,
  env: Readonly<Record<string, string | undefined>>,
  context: { now: () => number; newId: () => string },
): Promise<User | undefined> {
  const email = env[ADMIN_EMAIL_VARIABLE];
  const password = env[ADMIN_PASSWORD_VARIABLE];
  if (!email || !password || (await access.countUsers()) > 0) return undefined;
  return (await createOrResetAdmin(access, { email, password }, context)).user;
}
