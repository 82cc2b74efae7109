;; One step of the Adam optimizer for one variable, in a single pass over memory, in
;; WebAssembly SIMD on tfjs-backend-wasm's heap (see lib/backends/wasm/adamUpdate.ts).
;;
;; tf.train.adam computes the same update as ~13 separate tensor operations per variable, each a
;; pass over the whole variable with its own allocation: for the seed's MNIST MLP that was a
;; quarter of a training step on the wasm backend. This does the same float32 operations in the
;; same order (IEEE multiply, add, divide and square root per lane), so its results equal the
;; unfused update's exactly:
;;   m' = m·beta1 + g·(1-beta1)            v' = v·beta2 + g²·(1-beta2)
;;   w' = ((m'/c1) / (sqrt(v'/c2) + eps))·(-lr) + w     with c1 = 1-beta1^t, c2 = 1-beta2^t
;;
;; Regenerate lib/backends/wasm/simd/*.generated.ts after editing: npm run build:wasm-kernels
(module
  (import "env" "memory" (memory 1))

  ;; Updates elements [i0, i1) (i0 a multiple of 4; threads take disjoint ranges). All pointers are
  ;; byte offsets of float32 arrays; outputs may not alias inputs.
  (func (export "adamUpdate")
        (param $w i32) (param $m i32) (param $v i32) (param $g i32)
        (param $outW i32) (param $outM i32) (param $outV i32) (param $i0 i32) (param $i1 i32)
        (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
        (param $c1 f32) (param $c2 f32) (param $negLr f32) (param $eps f32)
    (local $i i32) (local $o i32) (local $end4 i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $b1 v128) (local $omb1 v128) (local $b2 v128) (local $omb2 v128)
    (local $c1v v128) (local $c2v v128) (local $lrv v128) (local $epsv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $omb1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $omb2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $c1v (f32x4.splat (local.get $c1)))
    (local.set $c2v (f32x4.splat (local.get $c2)))
    (local.set $lrv (f32x4.splat (local.get $negLr)))
    (local.set $epsv (f32x4.splat (local.get $eps)))
    (local.set $i (local.get $i0))
    (local.set $end4 (i32.add (local.get $i0) (i32.and (i32.sub (local.get $i1) (local.get $i0)) (i32.const -4))))
    ;; four elements at a time
    (block $done4 (loop $next4
      (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $mv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
        (f32x4.mul (local.get $gv) (local.get $omb1))))
      (local.set $vv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $omb2))))
      (v128.store (i32.add (local.get $outM) (local.get $o)) (local.get $mv))
      (v128.store (i32.add (local.get $outV) (local.get $o)) (local.get $vv))
      (v128.store (i32.add (local.get $outW) (local.get $o))
        (f32x4.add
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $mv) (local.get $c1v))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $c2v))) (local.get $epsv)))
            (local.get $lrv))
          (v128.load (i32.add (local.get $w) (local.get $o)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $next4)))
    ;; the last (i1 - i0)%4 elements
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $i1)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
      (local.set $ms (f32.add
        (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $beta1))
        (f32.mul (local.get $gs) (local.get $oneMinusBeta1))))
      (local.set $vs (f32.add
        (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $beta2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $oneMinusBeta2))))
      (f32.store (i32.add (local.get $outM) (local.get $o)) (local.get $ms))
      (f32.store (i32.add (local.get $outV) (local.get $o)) (local.get $vs))
      (f32.store (i32.add (local.get $outW) (local.get $o))
        (f32.add
          (f32.mul
            (f32.div
              (f32.div (local.get $ms) (local.get $c1))
              (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))
            (local.get $negLr))
          (f32.load (i32.add (local.get $w) (local.get $o)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
  )
)
