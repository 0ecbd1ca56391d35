/*
 * V8 gives objects built the same way one hidden class (a "map") and compiles hot code for the maps
 * it has seen. It keeps a map only while some object has it: when an import's last state object is
 * collected, the map goes, and so does every piece of optimised code built on it (--trace-deopt:
 * "marking dependent code … reason: weak objects"). The next import then runs that code unoptimised
 * until V8 has compiled it again, on a 2-core machine while the import runs. This holds true for object
 * literals as much as for class instances. One object of each shape, made when its module loads and
 * kept here, holds the maps for the life of the process.
 */
const kept: object[] = [];

/** Keeps `example`, and so its hidden class, for the life of the process. */
export function keepShapeOf(example: object): void {
  kept.push(example);
}
