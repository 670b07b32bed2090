// Fargate's valid cpu/memory pairs (ECS task definition rules for Linux on Fargate).

interface MemoryRange {
  min: number;
  max: number;
  step: number;
}

const MEMORY_BY_CPU: Record<number, MemoryRange | readonly number[]> = {
  256: [512, 1024, 2048],
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

export const FARGATE_CPUS = Object.keys(MEMORY_BY_CPU).map(Number);

export function isValidFargatePair(cpu: number, memory: number): boolean {
  const allowed = MEMORY_BY_CPU[cpu];
  if (allowed === undefined) return false;
  if (Array.isArray(allowed)) return allowed.includes(memory);
  const range = allowed as MemoryRange;
  return memory >= range.min && memory <= range.max && (memory - range.min) % range.step === 0;
}

/** "1024–4096 in steps of 1024", or "512, 1024 or 2048". */
export function allowedMemoryText(cpu: number): string {
  const allowed = MEMORY_BY_CPU[cpu];
  if (allowed === undefined) return '';
  if (Array.isArray(allowed)) return `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  const range = allowed as MemoryRange;
  return `${range.min}–${range.max} in steps of ${range.step}`;
}
