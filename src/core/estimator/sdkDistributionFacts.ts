/**
 * The version and instance lists of `sagemaker/fw_utils.py` in the SageMaker Python SDK v2.257.6
 * (the tag the image tables follow), kept as written there: the SDK tests `framework_version in
 * LIST` on strings, so "2.3" is refused where "2.3.0" is accepted, and so are we.
 */

/** fw_utils.SM_DATAPARALLEL_SUPPORTED_FRAMEWORK_VERSIONS. */
export const SM_DATAPARALLEL_SUPPORTED_FRAMEWORK_VERSIONS: Record<'tensorflow' | 'pytorch', readonly string[]> = {
  tensorflow: [
    '2.3', '2.3.1', '2.3.2', '2.4', '2.4.1', '2.4.3', '2.5', '2.5.0', '2.5.1', '2.6', '2.6.0', '2.6.2', '2.6.3',
    '2.7', '2.7.1', '2.8', '2.8.0', '2.9', '2.9.1', '2.9.2', '2.10', '2.10.1', '2.11', '2.11.0',
  ],
  pytorch: [
    '1.6', '1.6.0', '1.7', '1.7.1', '1.8', '1.8.0', '1.8.1', '1.9', '1.9.0', '1.9.1', '1.10', '1.10.0', '1.10.2',
    '1.11', '1.11.0', '1.12', '1.12.0', '1.12.1', '1.13.1', '2.0.0', '2.0.1', '2.1.0', '2.1.2', '2.2.0',
  ],
};

/** fw_utils.TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS. */
export const TORCH_DISTRIBUTED_GPU_SUPPORTED_FRAMEWORK_VERSIONS: readonly string[] = [
  '1.13.1', '2.0.0', '2.0.1', '2.1.0', '2.1.2', '2.2.0', '2.3.0', '2.3.1', '2.4.1', '2.5.1', '2.6.0', '2.7.1', '2.8.0',
];

/** fw_utils.TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS. */
export const TRAINIUM_SUPPORTED_TORCH_DISTRIBUTED_FRAMEWORK_VERSIONS: readonly string[] = [
  '1.11', '1.11.0', '1.12', '1.12.0', '1.12.1', '1.13.1', '2.0.0',
];

/** fw_utils.SINGLE_GPU_INSTANCE_TYPES. */
export const SINGLE_GPU_INSTANCE_TYPES: readonly string[] = ['ml.p2.xlarge', 'ml.p3.2xlarge'];

/** fw_utils.SMDISTRIBUTED_SUPPORTED_STRATEGIES. */
export const SMDISTRIBUTED_SUPPORTED_STRATEGIES: readonly string[] = ['dataparallel', 'modelparallel'];

/** estimator.Framework.UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM. */
export const UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM: readonly string[] = ['2.0.1-gpu-py310-cu121'];

/** The instance family as fw_utils reads it: `re.match(r"^ml[\._]([a-z\d\-]+)\.?\w*$", instance_type)`. */
const INSTANCE_FAMILY = /^ml[._]([a-z\d-]+)\.?\w*$/;

/** fw_utils._is_gpu_instance. */
export function isSdkGpuInstance(instanceType: string): boolean {
  const family = INSTANCE_FAMILY.exec(instanceType)?.[1];
  if (family && (family.startsWith('p') || family.startsWith('g'))) return true;
  return instanceType === 'local_gpu';
}

/** fw_utils._is_trainium_instance. */
export function isSdkTrainiumInstance(instanceType: string): boolean {
  return INSTANCE_FAMILY.exec(instanceType)?.[1]?.startsWith('trn') === true;
}

/**
 * fw_utils.warn_if_parameter_server_with_multi_gpu's test: "local_gpu" or a p family, and not a
 * single-GPU type. (Its `split(".")[1]` of a type without a dot raises in the SDK; we call that not multi-GPU.)
 */
export function isSdkMultiGpuInstance(instanceType: string): boolean {
  if (instanceType === 'local') return false;
  const second = instanceType.split('.')[1];
  const gpu = instanceType === 'local_gpu' || (second !== undefined && second.startsWith('p'));
  return gpu && !SINGLE_GPU_INSTANCE_TYPES.includes(instanceType);
}

/** The supported versions as the SDK's message shows them. */
export function versionList(versions: readonly string[]): string {
  return versions.map(v => `"${v}"`).join(', ');
}
