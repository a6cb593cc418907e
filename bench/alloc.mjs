// Bytes allocated on the V8 heap while `fn` runs, from V8's own heap statistics.
//
// V8 reports no running total of allocated bytes, but its used heap size only ever falls in a
// garbage collection. v8.GCProfiler records the used heap size before and after every GC, so
//   allocated = (before_1 − start) + Σ_{i>1} (before_i − after_{i−1}) + (end − after_last)
// where start and end are the used heap size just before and just after `fn` (with no GC:
// end − start). It counts every object, string, BigInt, closure, iterator and typed-array
// header made on the JS heap, including objects that die young and never show in a heap
// snapshot. Not counted: ArrayBuffer backing stores (outside the heap; the search's stores grow
// by doubling, so they are amortized and bounded by --max-memory), and it includes a small
// fixed cost of the JIT's own code and feedback objects, which is why tiny searches show a
// large figure per transition.
import v8 from 'node:v8';

export async function measureAllocation(fn) {
  const profiler = new v8.GCProfiler();
  profiler.start();
  const start = v8.getHeapStatistics().used_heap_size;
  const value = await fn();
  const end = v8.getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let allocated = 0;
  let last = start;
  for (const gc of statistics) {
    allocated += gc.beforeGC.heapStatistics.usedHeapSize - last;
    last = gc.afterGC.heapStatistics.usedHeapSize;
  }
  allocated += end - last;
  return { value, allocatedBytes: allocated, gcs: statistics.length };
}
