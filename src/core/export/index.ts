/** `sagemaker-estimator export` and "Copy as Python": an estimator file as the Python that does the same thing. */
import { boto3Export } from './boto3';
import type { ExportInput, ExportTarget } from './model';
import { sdkV2Export } from './sdkV2';
import { sdkV3Export } from './sdkV3';

export { EXPORT_TARGETS, type ExportInput, type ExportTarget } from './model';

export function exportEstimator(target: ExportTarget, input: ExportInput): string {
  switch (target) {
    case 'sdk-v2': return sdkV2Export(input);
    case 'sdk-v3': return sdkV3Export(input);
    case 'boto3': return boto3Export(input);
  }
}
