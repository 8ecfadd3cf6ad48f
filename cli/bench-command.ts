export async function benchCommand(_a: string[]): Promise<number> { return 0; }
