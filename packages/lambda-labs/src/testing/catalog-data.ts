/**
 * The fake's catalog: instance types, prices and specs as Lambda listed them (a captured
 * `/instance-types` body, Nov 2025), with regions that have capacity by default. Tests change
 * capacity with `fake.setCapacity(type, regions)`.
 */
export interface FakeInstanceType {
  readonly name: string;
  readonly description: string;
  readonly gpuDescription: string;
  readonly priceCentsPerHour: number;
  readonly specs: { vcpus: number; memory_gib: number; storage_gib: number; gpus: number };
  readonly regions: readonly string[];
}

/** Lambda's region codes (`PublicRegionCode`) with their descriptions. */
export const FAKE_REGIONS: Readonly<Record<string, string>> = {
  'us-east-1': 'Virginia, USA',
  'us-east-2': 'Washington DC, USA',
  'us-east-3': 'Georgia, USA',
  'us-west-1': 'California, USA',
  'us-west-2': 'Arizona, USA',
  'us-west-3': 'Utah, USA',
  'us-south-1': 'Texas, USA',
  'us-south-2': 'North Texas, USA',
  'us-south-3': 'Central Texas, USA',
  'us-midwest-1': 'Illinois, USA',
  'us-midwest-2': 'Ohio, USA',
  'europe-central-1': 'Germany',
  'asia-south-1': 'India',
  'asia-northeast-1': 'Japan',
  'asia-northeast-2': 'South Korea',
  'australia-east-1': 'Australia',
  'me-west-1': 'Israel',
};

const t = (
  name: string,
  description: string,
  gpuDescription: string,
  priceCentsPerHour: number,
  specs: [vcpus: number, memory: number, storage: number, gpus: number],
  regions: readonly string[],
): FakeInstanceType => ({
  name,
  description,
  gpuDescription,
  priceCentsPerHour,
  specs: { vcpus: specs[0], memory_gib: specs[1], storage_gib: specs[2], gpus: specs[3] },
  regions,
});

export const FAKE_INSTANCE_TYPES: readonly FakeInstanceType[] = [
  t(
    'gpu_1x_h100_sxm5',
    '1x H100 (80 GB SXM5)',
    'H100 (80 GB SXM5)',
    329,
    [26, 225, 2816, 1],
    ['us-south-2', 'us-south-3'],
  ),
  t(
    'gpu_2x_h100_sxm5',
    '2x H100 (80 GB SXM5)',
    'H100 (80 GB SXM5)',
    638,
    [52, 450, 5632, 2],
    ['us-south-2', 'us-south-3'],
  ),
  t('gpu_4x_h100_sxm5', '4x H100 (80 GB SXM5)', 'H100 (80 GB SXM5)', 1236, [104, 900, 11264, 4], ['us-south-2']),
  t('gpu_8x_h100_sxm5', '8x H100 (80 GB SXM5)', 'H100 (80 GB SXM5)', 2392, [208, 1800, 22528, 8], ['us-west-3']),
  t('gpu_1x_h100_pcie', '1x H100 (80 GB PCIe)', 'H100 (80 GB PCIe)', 249, [26, 200, 1024, 1], ['us-west-3']),
  t('gpu_8x_a100_80gb_sxm4', '8x A100 (80 GB SXM4)', 'A100 (80 GB SXM4)', 1432, [240, 1800, 20480, 8], ['us-east-1']),
  t('gpu_1x_a100', '1x A100 (40 GB PCIe)', 'A100 (40 GB PCIe)', 129, [30, 200, 512, 1], []),
  t(
    'gpu_1x_a100_sxm4',
    '1x A100 (40 GB SXM4)',
    'A100 (40 GB SXM4)',
    129,
    [30, 200, 512, 1],
    ['us-east-1', 'us-west-2'],
  ),
  t('gpu_8x_a100', '8x A100 (40 GB SXM4)', 'A100 (40 GB SXM4)', 1032, [124, 1800, 6144, 8], ['us-west-1']),
  t('gpu_1x_a10', '1x A10 (24 GB PCIe)', 'A10 (24 GB PCIe)', 75, [30, 200, 1400, 1], ['us-east-1', 'us-west-1']),
  t('gpu_1x_a6000', '1x A6000 (48 GB)', 'A6000 (48 GB)', 80, [14, 100, 200, 1], ['us-west-1']),
  t('gpu_2x_a6000', '2x A6000 (48 GB)', 'A6000 (48 GB)', 160, [28, 200, 1024, 2], ['us-west-1']),
  t('gpu_4x_a6000', '4x A6000 (48 GB)', 'A6000 (48 GB)', 320, [56, 400, 1024, 4], []),
  t('gpu_8x_b200_sxm6', '8x B200 (180 GB SXM6)', 'B200 (180 GB SXM6)', 3992, [208, 2900, 22528, 8], ['us-east-1']),
  t('gpu_1x_gh200', '1x GH200 (96 GB)', 'GH200 (96 GB)', 149, [64, 432, 4096, 1], []),
  t('cpu_4x_general', '4x CPU General (16 GiB)', 'CPU General', 20, [4, 16, 100, 0], ['us-east-1']),
];

export const FAKE_IMAGES = [
  { family: 'lambda-stack-22-04', name: 'Lambda Stack 22.04', version: '22.04.5' },
  { family: 'lambda-stack-24-04', name: 'Lambda Stack 24.04', version: '24.04.1' },
] as const;
