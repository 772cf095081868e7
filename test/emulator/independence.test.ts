import * as fs from 'fs';
import * as path from 'path';

/**
 * The emulator is the independent oracle the library is tested against: nothing in it may come
 * from the library (src/) or its handlers (lambda/), directly or through another file of the
 * repository it imports. The same holds for the offline deploy beside it in local/src/, which
 * runs whatever handlers a cloud assembly holds.
 */
test.each(['emulator', 'harness'])('nothing local/src/%s loads comes from src/ or lambda/', (folder) => {
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, 'local', 'src', folder);
  const forbidden = [path.join(root, 'src'), path.join(root, 'lambda')];
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf-8');
    for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const specifier = match[1] ?? match[2];
      if (!specifier?.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find((f) => fs.existsSync(f));
      if (forbidden.some((outside) => target.startsWith(outside + path.sep) || target === outside)) offenders.push(`${path.relative(root, file)} imports ${specifier}`);
      else if (resolved) visit(resolved);
    }
  };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) visit(path.join(dir, file));

  expect(offenders).toEqual([]);
  expect(seen.size).toBeGreaterThan(5);
});
