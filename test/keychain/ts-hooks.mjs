// Minimal Node module hooks: resolve "./x.js" to "./x.ts" when only the .ts exists (NodeNext style
// imports in the sources) and transpile .ts with the project's own TypeScript. Types are not checked
// here; `npm run typecheck` does that. Kept tiny so the child processes need no extra dependency.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, nextResolve) {
  if (context.parentURL?.startsWith('file:') && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
    const asJs = new URL(specifier, context.parentURL);
    const asTs = new URL(asJs.href.replace(/\.js$/, '.ts'));
    if (!existsSync(asJs) && existsSync(asTs)) return { url: asTs.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const fileName = fileURLToPath(url);
    const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
      fileName,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    return { format: 'module', source: outputText, shortCircuit: true };
  }
  return nextLoad(url, context);
}
