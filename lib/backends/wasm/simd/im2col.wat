;; Patches of a 2-D convolution (NHWC) as the rows of a matrix, and back, for tfjs's wasm backend,
;; so that a convolution and its gradients are products computed by simd/gemm.wat
;; (lib/backends/wasm/convGemm.ts):
;;
;; - im2col: x [batch, inH, inW, ch] → P [batch·outH·outW, fh·fw·ch], row (b, oh, ow) holding the
;;   window of output (b, oh, ow) in the filter's order (kh, kw, ci), zeros where the window
;;   reaches into the padding. Then Conv2D is P·W and its filter gradient Pᵀ·dy.
;; - col2im: the reverse, adding: dx [batch, inH, inW, ch] = Σ over rows of dP of each window
;;   value at the input position it came from (the input gradient from dP = dy·Wᵀ).
;;
;; Geometry as tfjs's computeConv2DInfo gives it: strides, dilations, padding top/left.
;; The module imports tfjs-backend-wasm's own memory; every pointer is a byte offset on that heap.
;;
;; Regenerate lib/backends/wasm/simd/*.generated.ts after editing: npm run build:wasm-kernels
(module
  (import "env" "memory" (memory 1))

  ;; Copies n bytes (a multiple of 4): a call to memory.copy costs more than a few loads.
  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32)
    (if (i32.ge_u (local.get $n) (i32.const 64))
      (then (memory.copy (local.get $dst) (local.get $src) (local.get $n)))
      (else
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (f32.store (i32.add (local.get $dst) (local.get $i)) (f32.load (i32.add (local.get $src) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $next)))))
  )

  (func (export "im2col") (param $x i32) (param $batch i32) (param $inH i32) (param $inW i32) (param $ch i32)
    (param $outH i32) (param $outW i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32)
    (param $fh i32) (param $fw i32) (param $padTop i32) (param $padLeft i32) (param $dst i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32)
    (local $bytes i32) (local $r i32) (local $c i32) (local $c0 i32) (local $row i32) (local $rowBytes i32)
    (local.set $bytes (i32.shl (local.get $ch) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $fw) (local.get $bytes)))
    (block $b_done (loop $b_loop
      (br_if $b_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $oh (i32.const 0))
      (block $oh_done (loop $oh_loop
        (br_if $oh_done (i32.ge_u (local.get $oh) (local.get $outH)))
        (local.set $ow (i32.const 0))
        (block $ow_done (loop $ow_loop
          (br_if $ow_done (i32.ge_u (local.get $ow) (local.get $outW)))
          (local.set $c0 (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $padLeft)))
          (local.set $kh (i32.const 0))
          (block $kh_done (loop $kh_loop
            (br_if $kh_done (i32.ge_u (local.get $kh) (local.get $fh)))
            (local.set $r (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $padTop)) (i32.mul (local.get $kh) (local.get $dh))))
            (if (i32.ge_u (local.get $r) (local.get $inH))
              (then (memory.fill (local.get $dst) (i32.const 0) (local.get $rowBytes)))
              (else
                ;; Start of image row r.
                (local.set $row (i32.add (local.get $x) (i32.mul (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $r)) (local.get $inW)) (local.get $bytes))))
                (if (i32.and (i32.eq (local.get $dw) (i32.const 1))
                      (i32.and (i32.ge_s (local.get $c0) (i32.const 0)) (i32.le_s (i32.add (local.get $c0) (local.get $fw)) (local.get $inW))))
                  (then
                    ;; The window's row lies inside the image: one contiguous copy.
                    (call $copy (local.get $dst) (i32.add (local.get $row) (i32.mul (local.get $c0) (local.get $bytes))) (local.get $rowBytes)))
                  (else
                    (local.set $c (local.get $c0))
                    (local.set $kw (i32.const 0))
                    (block $kw_done (loop $kw_loop
                      (br_if $kw_done (i32.ge_u (local.get $kw) (local.get $fw)))
                      (if (i32.ge_u (local.get $c) (local.get $inW))
                        (then (memory.fill (i32.add (local.get $dst) (i32.mul (local.get $kw) (local.get $bytes))) (i32.const 0) (local.get $bytes)))
                        (else (call $copy (i32.add (local.get $dst) (i32.mul (local.get $kw) (local.get $bytes)))
                          (i32.add (local.get $row) (i32.mul (local.get $c) (local.get $bytes))) (local.get $bytes))))
                      (local.set $c (i32.add (local.get $c) (local.get $dw)))
                      (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                      (br $kw_loop)))))))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br $kh_loop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $ow_loop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $oh_loop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $b_loop)))
  )

  ;; dx (zeroed here) from dP laid out as im2col's P.
  (func (export "col2im") (param $dp i32) (param $batch i32) (param $inH i32) (param $inW i32) (param $ch i32)
    (param $outH i32) (param $outW i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32)
    (param $fh i32) (param $fw i32) (param $padTop i32) (param $padLeft i32) (param $dx i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32) (local $to i32)
    (local $bytes i32) (local $vectorBytes i32) (local $i i32) (local $r i32) (local $c i32)
    (local.set $bytes (i32.shl (local.get $ch) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $bytes) (i32.const -16)))
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.mul (i32.mul (local.get $batch) (local.get $inH)) (i32.mul (local.get $inW) (local.get $bytes))))
    (block $b_done (loop $b_loop
      (br_if $b_done (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $oh (i32.const 0))
      (block $oh_done (loop $oh_loop
        (br_if $oh_done (i32.ge_u (local.get $oh) (local.get $outH)))
        (local.set $ow (i32.const 0))
        (block $ow_done (loop $ow_loop
          (br_if $ow_done (i32.ge_u (local.get $ow) (local.get $outW)))
          (local.set $kh (i32.const 0))
          (block $kh_done (loop $kh_loop
            (br_if $kh_done (i32.ge_u (local.get $kh) (local.get $fh)))
            (local.set $kw (i32.const 0))
            (block $kw_done (loop $kw_loop
              (br_if $kw_done (i32.ge_u (local.get $kw) (local.get $fw)))
              (local.set $r (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $padTop)) (i32.mul (local.get $kh) (local.get $dh))))
              (local.set $c (i32.add (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $padLeft)) (i32.mul (local.get $kw) (local.get $dw))))
              ;; (Unsigned: a row or column before the image is a large number too.)
              (if (i32.and (i32.lt_u (local.get $r) (local.get $inH)) (i32.lt_u (local.get $c) (local.get $inW))) (then
                (local.set $to (i32.add (local.get $dx) (i32.mul
                  (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $r)) (local.get $inW)) (local.get $c))
                  (local.get $bytes))))
                (local.set $i (i32.const 0))
                (block $v_done (loop $v
                  (br_if $v_done (i32.ge_u (local.get $i) (local.get $vectorBytes)))
                  (v128.store (i32.add (local.get $to) (local.get $i))
                    (f32x4.add (v128.load (i32.add (local.get $to) (local.get $i))) (v128.load (i32.add (local.get $dp) (local.get $i)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 16)))
                  (br $v)))
                (block $s_done (loop $s
                  (br_if $s_done (i32.ge_u (local.get $i) (local.get $bytes)))
                  (f32.store (i32.add (local.get $to) (local.get $i))
                    (f32.add (f32.load (i32.add (local.get $to) (local.get $i))) (f32.load (i32.add (local.get $dp) (local.get $i)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 4)))
                  (br $s)))))
              (local.set $dp (i32.add (local.get $dp) (local.get $bytes)))
              (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
              (br $kw_loop)))
            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br $kh_loop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $ow_loop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $oh_loop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $b_loop)))
  )
)
