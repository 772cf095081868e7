// Checks that run before anything is built (a second or two):
//  1. every public type, member and prop of the assembly (.jsii) appears in
//     the TypeScript, Python and Java twins, so a new construct or prop that
//     nobody added to the twins fails here, naming what is missing;
//  2. the aws-cdk-lib and constructs versions the Python and Java twins pin
//     are the ones the TypeScript twin runs with (package-lock.json), so that
//     templates and asset hashes can be equal;
//  3. the README's Python and Java quick start is exactly what the tests run.
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const here = path.join(root, 'test', 'bindings');
const read = (file: string) => fs.readFileSync(path.join(here, file), 'utf8');

const TWINS = {
  typescript: ['twins/quickstart.ts', 'twins/everything.ts'],
  python: ['python/app.py', 'python/everything.py'],
  java: ['java/src/main/java/com/example/chat/ChatApp.java', 'java/src/main/java/com/example/chat/EverythingStack.java'],
};
type Language = keyof typeof TWINS;

const problems: string[] = [];

// 1. Coverage of the public API.
interface JsiiTypeRef {
  readonly fqn?: string;
  readonly collection?: { readonly elementtype: JsiiTypeRef };
  readonly union?: { readonly types: JsiiTypeRef[] };
}
interface JsiiParameter { readonly type: JsiiTypeRef }
interface JsiiMember {
  readonly name: string;
  readonly protected?: boolean;
  readonly static?: boolean;
  readonly type?: JsiiTypeRef;
  readonly parameters?: JsiiParameter[];
}
interface JsiiType {
  readonly kind: 'class' | 'interface' | 'enum';
  readonly name: string;
  readonly abstract?: boolean;
  readonly datatype?: boolean;
  readonly methods?: JsiiMember[];
  readonly properties?: JsiiMember[];
  readonly members?: Array<{ readonly name: string }>;
  readonly initializer?: { readonly parameters?: JsiiParameter[] };
}
const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8')) as { types: Record<string, JsiiType> };

/**
 * Members an app never calls or sets, with the reason; everything else of the
 * public API must appear in the twins.
 */
const NOT_USED_BY_APPS: Record<string, string> = {
  'LoggingDestination.bind': 'called by ChatLoggingConfiguration, not by apps',
};

/** Structs an app passes in (props, options, parameters, and structs inside them); structs only returned are skipped. */
const inputStructs = new Set<string>();
const visit = (ref: JsiiTypeRef | undefined) => {
  if (!ref) return;
  if (ref.collection) visit(ref.collection.elementtype);
  for (const t of ref.union?.types ?? []) visit(t);
  const type = ref.fqn ? assembly.types[ref.fqn] : undefined;
  if (!type?.datatype || inputStructs.has(ref.fqn!)) return;
  inputStructs.add(ref.fqn!);
  for (const property of type.properties ?? []) visit(property.type);
};
for (const type of Object.values(assembly.types)) {
  for (const parameter of type.initializer?.parameters ?? []) visit(parameter.type);
  for (const method of type.methods ?? []) {
    for (const parameter of method.parameters ?? []) visit(parameter.type);
  }
}

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The spellings of one API element in each language, and what it is. */
interface Expected { readonly what: string; readonly names: Record<Language, string> }
const expected: Expected[] = [];
const same = (name: string) => ({ typescript: name, python: name, java: name });
for (const [fqn, type] of Object.entries(assembly.types)) {
  if (type.datatype && !inputStructs.has(fqn)) continue;
  if (type.kind === 'enum') {
    for (const member of type.members ?? []) {
      expected.push({ what: `enum member ${type.name}.${member.name}`, names: same(`${type.name}.${member.name}`) });
    }
    continue;
  }
  if (type.kind === 'class' && !type.abstract) {
    expected.push({ what: `class ${type.name}`, names: same(type.name) });
  }
  for (const method of type.methods ?? []) {
    if (method.protected || NOT_USED_BY_APPS[`${type.name}.${method.name}`]) continue;
    expected.push({
      what: `method ${type.name}.${method.name}()`,
      names: { typescript: method.name, python: snake(method.name), java: method.name },
    });
  }
  for (const property of type.properties ?? []) {
    if (property.protected || NOT_USED_BY_APPS[`${type.name}.${property.name}`]) continue;
    // A struct's props are keyword arguments in Python and builder methods in Java.
    expected.push({
      what: `${type.datatype ? 'prop' : 'attribute'} ${type.name}.${property.name}`,
      names: {
        typescript: property.name,
        python: snake(property.name),
        java: type.datatype ? property.name : `get${pascal(property.name)}`,
      },
    });
  }
}

const sources = Object.fromEntries(Object.entries(TWINS).map(([language, files]) =>
  [language, files.map(read).join('\n')])) as Record<Language, string>;
const seen = new Set<string>();
for (const { what, names } of expected) {
  for (const language of Object.keys(TWINS) as Language[]) {
    const key = `${language}:${names[language]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const word = new RegExp(`(?<![A-Za-z0-9_])${names[language].replace(/\./g, '\\.')}(?![A-Za-z0-9_])`);
    if (!word.test(sources[language])) {
      problems.push(`${what}: \`${names[language]}\` is not used by the ${language} twins (${TWINS[language].join(', ')})`);
    }
  }
}

// 2. The versions the twins pin.
const installed = (pkg: string) => (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const pom = read('java/pom.xml');
const requirements = read('python/requirements.txt');
for (const [pkg, mavenArtifact] of [['aws-cdk-lib', 'aws-cdk-lib'], ['constructs', 'constructs']]) {
  const version = installed(pkg);
  if (!new RegExp(`^${pkg}==${version.replace(/\./g, '\\.')}$`, 'm').test(requirements)) {
    problems.push(`python/requirements.txt must pin ${pkg}==${version}, the version the TypeScript twin uses`);
  }
  if (!new RegExp(`<artifactId>${mavenArtifact}</artifactId>\\s*<version>${version.replace(/\./g, '\\.')}</version>`).test(pom)) {
    problems.push(`java/pom.xml must depend on ${mavenArtifact} ${version}, the version the TypeScript twin uses`);
  }
}

// 3. The README's quick start.
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const section = readme.split(/^## /m).find((s) => s.startsWith('Python and Java\n'));
if (!section) {
  problems.push('README.md has no "## Python and Java" section');
} else {
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
  const files = ['python/app.py', 'python/requirements.txt', 'java/pom.xml', 'java/src/main/java/com/example/chat/ChatApp.java'];
  for (const block of blocks.filter((b) => ['python', 'java', 'xml', 'text'].includes(b.lang))) {
    if (!files.some((file) => read(file).includes(block.text))) {
      problems.push(`README.md "Python and Java": this ${block.lang} block is not in ${files.join(', ')}:\n${block.text}`);
    }
  }
  for (const file of ['python/app.py', 'java/src/main/java/com/example/chat/ChatApp.java']) {
    if (!blocks.some((b) => b.text === read(file))) {
      problems.push(`README.md "Python and Java" must show test/bindings/${file} in full, as the tests run it`);
    }
  }
}

if (problems.length > 0) {
  console.error(`bindings: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`bindings: the twins cover ${expected.length} API elements; versions and README quick start in step`);
