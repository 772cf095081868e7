import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

/**
 * The emulator is the independent oracle the library is tested against: nothing in it may come
 * from the library (src/) or its handlers (lambda/), directly or through another file of the
 * repository it imports. The same holds for the rest of the local package (local/src/: the
 * offline deploy and the command), which runs whatever handlers a cloud assembly holds.
 */
test.each(['emulator', 'harness', '.'])('nothing local/src/%s loads comes from src/ or lambda/', (folder) => {
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, 'local', 'src', folder);
  const forbidden = [path.join(root, 'src'), path.join(root, 'lambda')];
  const seen = new Set<string>();
  const offenders: string[] = [];
  // What the package may load at run time: Node's own modules and its declared dependencies (not aws-cdk-lib).
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'local', 'package.json'), 'utf-8'));
  const declared = new Set(Object.keys(manifest.dependencies ?? {}));
  const undeclared: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf-8');
    for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const specifier = match[1] ?? match[2];
      if (!specifier) continue;
      if (!specifier.startsWith('.')) {
        const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
        const typesOnly = /^(import|export) type /.test(match[0]);
        if (!typesOnly && !builtinModules.includes(name.replace(/^node:/, '')) && !declared.has(name)) undeclared.push(`${path.relative(root, file)} imports ${specifier}`);
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier);
      const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find((f) => fs.existsSync(f));
      if (forbidden.some((outside) => target.startsWith(outside + path.sep) || target === outside)) offenders.push(`${path.relative(root, file)} imports ${specifier}`);
      else if (resolved) visit(resolved);
    }
  };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) visit(path.join(dir, file));

  expect(offenders).toEqual([]);
  expect(undeclared).toEqual([]);
  expect(seen.size).toBeGreaterThan(5);
});
