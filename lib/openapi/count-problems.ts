import { plural } from '@/lib/plural';
import type { Problem } from './types';

/** "1 error, 2 warnings": how many problems of each severity a report holds, none left out as "0 …". */
export function countProblems(problems: readonly Problem[]): string {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  return [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ') || 'No problems';
}
