;; Sums over the leading dimensions of a float32 tensor, for tfjs's wasm backend
;; (lib/backends/wasm/columnSum.ts): out[j] = sum over i of x[i, j] for x viewed as [rows, cols].
;;
;; That is the gradient of every bias (Dense: over the batch; Conv2D: over batch, height and
;; width). tfjs-backend-wasm 4.22 transposes x first so that it can sum along the last axis; this
;; reads x once, in order, 16 columns (one cache line) at a time, adding the rows in order as the
;; cpu backend does.
;;
;; Regenerate lib/backends/wasm/simd/*.generated.ts after editing: npm run build:wasm-kernels
(module
  (import "env" "memory" (memory 1))

  (func (export "columnSum") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $j i32) (local $i i32) (local $p i32) (local $rowBytes i32) (local $sv f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    ;; 16 columns at a time
    (block $c16_done (loop $c16
      (br_if $c16_done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $cols)))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (block $r_done (loop $r
        (br_if $r_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 (local.get $p))))
        (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $p))))
        (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $p))))
        (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $r)))
      (local.set $p (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
      (v128.store offset=0 (local.get $p) (local.get $a0)) (v128.store offset=16 (local.get $p) (local.get $a1))
      (v128.store offset=32 (local.get $p) (local.get $a2)) (v128.store offset=48 (local.get $p) (local.get $a3))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $c16)))
    ;; then 4
    (block $c4_done (loop $c4
      (br_if $c4_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.const 0))
      (block $r4_done (loop $r4
        (br_if $r4_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $r4)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $a0))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $c4)))
    ;; then 1
    (block $c1_done (loop $c1
      (br_if $c1_done (i32.ge_u (local.get $j) (local.get $cols)))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $sv (f32.const 0))
      (local.set $i (i32.const 0))
      (block $r1_done (loop $r1
        (br_if $r1_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $sv (f32.add (local.get $sv) (f32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $r1)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $sv))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $c1)))
  )
)
