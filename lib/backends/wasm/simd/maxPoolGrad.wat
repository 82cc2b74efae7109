;; The gradient of 2-D max pooling (NHWC), in WebAssembly SIMD, for tfjs's wasm backend: each
;; output's gradient goes to the input position that was the maximum of its window, the first one in
;; row-major order on ties (as on the cpu backend); NaN is never a maximum. Four channels at a time:
;; the window's running maximum and its position are kept per lane, then the four gradients are
;; added where they belong. Windows may overlap (stride below the window): dx accumulates.
;;
;; lib/backends/wasm/maxPoolGrad.ts computes the geometry (tfjs's computePool2DInfo) and calls it.
;; The module imports tfjs-backend-wasm's own memory; every pointer is a byte offset on that heap.
;;
;; Regenerate lib/backends/wasm/simd/*.generated.ts after editing: npm run build:wasm-kernels
(module
  (import "env" "memory" (memory 1))

  ;; dx (zeroed here) from x [batch, inH, inW, ch] and dy [batch, outH, outW, ch].
  (func (export "maxPoolGrad") (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32)
    (param $inH i32) (param $inW i32) (param $ch i32) (param $outH i32) (param $outW i32)
    (param $sh i32) (param $sw i32) (param $fh i32) (param $fw i32) (param $padTop i32) (param $padLeft i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $r0 i32) (local $r1 i32) (local $c0 i32) (local $c1 i32)
    (local $r i32) (local $c i32) (local $g i32) (local $groups i32) (local $pixel i32) (local $grad i32)
    (local $at i32) (local $lane i32) (local $v f32) (local $best f32)
    (local $vv v128) (local $bestV v128) (local $bestAt v128) (local $more v128) (local $lanes v128)
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.shl (i32.mul (i32.mul (local.get $batch) (local.get $inH)) (i32.mul (local.get $inW) (local.get $ch))) (i32.const 2)))
    (local.set $groups (i32.shr_u (local.get $ch) (i32.const 2)))
    (local.set $lanes (v128.const i32x4 0 4 8 12))
    (local.set $grad (local.get $dy))
    (block $b_done (loop $b_loop
      (br_if $b_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $oh (i32.const 0))
      (block $oh_done (loop $oh_loop
        (br_if $oh_done (i32.ge_u (local.get $oh) (local.get $outH)))
        (local.set $r0 (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $padTop)))
        (local.set $r1 (i32.add (local.get $r0) (local.get $fh)))
        (if (i32.lt_s (local.get $r0) (i32.const 0)) (then (local.set $r0 (i32.const 0))))
        (if (i32.gt_s (local.get $r1) (local.get $inH)) (then (local.set $r1 (local.get $inH))))
        (local.set $ow (i32.const 0))
        (block $ow_done (loop $ow_loop
          (br_if $ow_done (i32.ge_u (local.get $ow) (local.get $outW)))
          (local.set $c0 (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $padLeft)))
          (local.set $c1 (i32.add (local.get $c0) (local.get $fw)))
          (if (i32.lt_s (local.get $c0) (i32.const 0)) (then (local.set $c0 (i32.const 0))))
          (if (i32.gt_s (local.get $c1) (local.get $inW)) (then (local.set $c1 (local.get $inW))))
          ;; Four channels at a time.
          (local.set $g (i32.const 0))
          (block $g_done (loop $g_loop
            (br_if $g_done (i32.ge_u (local.get $g) (local.get $groups)))
            (local.set $bestV (f32x4.splat (f32.const -inf)))
            (local.set $bestAt (i32x4.splat (i32.const -1)))
            (local.set $r (local.get $r0))
            (block $r_done (loop $r_loop
              (br_if $r_done (i32.ge_s (local.get $r) (local.get $r1)))
              (local.set $c (local.get $c0))
              (block $c_done (loop $c_loop
                (br_if $c_done (i32.ge_s (local.get $c) (local.get $c1)))
                ;; Byte offset of x[b, r, c, 4g].
                (local.set $pixel (i32.add (local.get $x) (i32.shl (i32.add
                  (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $r)) (local.get $inW)) (local.get $c)) (local.get $ch))
                  (i32.shl (local.get $g) (i32.const 2))) (i32.const 2))))
                (local.set $vv (v128.load (local.get $pixel)))
                (local.set $more (f32x4.gt (local.get $vv) (local.get $bestV)))
                (local.set $bestV (v128.bitselect (local.get $vv) (local.get $bestV) (local.get $more)))
                (local.set $bestAt (v128.bitselect
                  (i32x4.add (i32x4.splat (i32.sub (local.get $pixel) (local.get $x))) (local.get $lanes))
                  (local.get $bestAt) (local.get $more)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $c_loop)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $r_loop)))
            ;; The four gradients of this output pixel, each added at its lane's maximum.
            (local.set $at (i32x4.extract_lane 0 (local.get $bestAt)))
            (if (i32.ge_s (local.get $at) (i32.const 0)) (then
              (local.set $at (i32.add (local.get $dx) (local.get $at)))
              (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load offset=0 (local.get $grad))))))
            (local.set $at (i32x4.extract_lane 1 (local.get $bestAt)))
            (if (i32.ge_s (local.get $at) (i32.const 0)) (then
              (local.set $at (i32.add (local.get $dx) (local.get $at)))
              (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load offset=4 (local.get $grad))))))
            (local.set $at (i32x4.extract_lane 2 (local.get $bestAt)))
            (if (i32.ge_s (local.get $at) (i32.const 0)) (then
              (local.set $at (i32.add (local.get $dx) (local.get $at)))
              (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load offset=8 (local.get $grad))))))
            (local.set $at (i32x4.extract_lane 3 (local.get $bestAt)))
            (if (i32.ge_s (local.get $at) (i32.const 0)) (then
              (local.set $at (i32.add (local.get $dx) (local.get $at)))
              (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load offset=12 (local.get $grad))))))
            (local.set $grad (i32.add (local.get $grad) (i32.const 16)))
            (local.set $g (i32.add (local.get $g) (i32.const 1)))
            (br $g_loop)))
          ;; The channels left over (ch not a multiple of 4), one at a time.
          (local.set $g (i32.shl (local.get $groups) (i32.const 2)))
          (block $s_done (loop $s_loop
            (br_if $s_done (i32.ge_u (local.get $g) (local.get $ch)))
            (local.set $best (f32.const -inf))
            (local.set $at (i32.const -1))
            (local.set $r (local.get $r0))
            (block $sr_done (loop $sr_loop
              (br_if $sr_done (i32.ge_s (local.get $r) (local.get $r1)))
              (local.set $c (local.get $c0))
              (block $sc_done (loop $sc_loop
                (br_if $sc_done (i32.ge_s (local.get $c) (local.get $c1)))
                (local.set $pixel (i32.shl (i32.add
                  (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $r)) (local.get $inW)) (local.get $c)) (local.get $ch))
                  (local.get $g)) (i32.const 2)))
                (local.set $v (f32.load (i32.add (local.get $x) (local.get $pixel))))
                (if (f32.gt (local.get $v) (local.get $best)) (then
                  (local.set $best (local.get $v))
                  (local.set $at (local.get $pixel))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $sc_loop)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $sr_loop)))
            (if (i32.ge_s (local.get $at) (i32.const 0)) (then
              (local.set $at (i32.add (local.get $dx) (local.get $at)))
              (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load (local.get $grad))))))
            (local.set $grad (i32.add (local.get $grad) (i32.const 4)))
            (local.set $g (i32.add (local.get $g) (i32.const 1)))
            (br $s_loop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $ow_loop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $oh_loop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $b_loop)))
  )
)
