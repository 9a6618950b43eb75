import { PolicyOverrides, policySchema } from '../../domain/policy/policy-schema';
import { readJsonFile } from './read-json';

/** Reads a plan's reminder policy (policy.json); errors name the field and what it must be. */
export function readPolicyFile(path: string): Promise<PolicyOverrides> {
  return readJsonFile(path, policySchema, 'chính sách nhắc việc');
}
