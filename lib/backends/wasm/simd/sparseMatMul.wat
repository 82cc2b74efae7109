;; Product of a mostly-zero matrix and a dense one, in WebAssembly SIMD, for tfjs's wasm backend.
;;
;; Why: the first Dense layer of a network on images multiplies the input batch (MNIST: 81% of
;; the pixels are 0) by the weights, forward (x·W) and for the weight gradient (xᵀ·dy). XNNPACK
;; computes every product in full; this kernel skips the zeros of the left operand, which makes
;; those two products 2-3x faster on MNIST. lib/backends/wasm/sparseMatMul.ts decides when
;; to use it (a left operand that is mostly zero) and keeps XNNPACK for everything else.
;;
;; The module imports tfjs-backend-wasm's own memory, so operands and result are tensors on
;; that heap and nothing is copied. Like every sparse product (TensorFlow's a_is_sparse,
;; XNNPACK's sparse kernels), a skipped 0 times an infinite or NaN weight contributes 0, not NaN.
;;
;; Regenerate lib/backends/wasm/simd/*.generated.ts after editing: npm run build:wasm-kernels
(module
  (import "env" "memory" (memory 1))

  ;; How many of the len float32 values from byte offset p are not zero.
  (func (export "countNonZero") (param $p i32) (param $len i32) (result i32)
    (local $end i32) (local $n i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (if (f32.ne (f32.load (local.get $p)) (f32.const 0))
        (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $next)))
    (local.get $n))

  ;; The product C[m,n] = A[m,k]·B[k,n] takes two calls that share a scratch area of
  ;; 4*(m+1) + 8*nnz bytes: (m+1) int32 byte offsets where each row's list starts (the last one
  ;; where the lists end), then for every non-zero A[i,kk], row by row, the pair (byte offset of
  ;; B's row kk, the value). B and C are row-major float32.

  ;; Lists the non-zeros of a row-major A[m,k] (from byte offset a).
  (func (export "listRows") (param $a i32) (param $m i32) (param $k i32) (param $b i32) (param $n i32) (param $scratch i32)
    (local $i i32) (local $kk i32) (local $v f32) (local $e i32) (local $rowBytes i32) (local $at i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $e (i32.add (local.get $scratch) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 2))))
    (local.set $at (local.get $a))
    (block $rows_done (loop $rows
      (i32.store (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 2))) (local.get $e))
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $kk (i32.const 0))
      (block $g_done (loop $g
        (br_if $g_done (i32.ge_u (local.get $kk) (local.get $k)))
        (local.set $v (f32.load (local.get $at)))
        (if (f32.ne (local.get $v) (f32.const 0)) (then
          (i32.store (local.get $e) (i32.add (local.get $b) (i32.mul (local.get $kk) (local.get $rowBytes))))
          (f32.store offset=4 (local.get $e) (local.get $v))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
        (br $g)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
  )

  ;; Lists the non-zeros of A = Xᵀ for a row-major X[k,m] (from byte offset x), reading X in
  ;; order (walking a column of X would touch a new cache line per element): count each column's
  ;; non-zeros, turn the counts into list starts, then append every non-zero to its column's list.
  (func (export "listRowsOfTranspose") (param $x i32) (param $m i32) (param $k i32) (param $b i32) (param $n i32) (param $scratch i32)
    (local $r i32) (local $col i32) (local $v f32) (local $at i32) (local $slot i32) (local $pos i32)
    (local $running i32) (local $count i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    ;; scratch[col+1] = the non-zeros of column col
    (memory.fill (local.get $scratch) (i32.const 0) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 2)))
    (local.set $at (local.get $x))
    (block $count_done (loop $count_rows
      (br_if $count_done (i32.ge_u (local.get $r) (local.get $k)))
      (local.set $slot (i32.add (local.get $scratch) (i32.const 4)))
      (local.set $col (i32.const 0))
      (block $c_done (loop $c
        (br_if $c_done (i32.ge_u (local.get $col) (local.get $m)))
        (if (f32.ne (f32.load (local.get $at)) (f32.const 0)) (then
          (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.const 1)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $slot (i32.add (local.get $slot) (i32.const 4)))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br $c)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $count_rows)))
    ;; scratch[0] = where the lists start; scratch[col+1] = where column col's list starts
    (local.set $running (i32.add (local.get $scratch) (i32.shl (i32.add (local.get $m) (i32.const 1)) (i32.const 2))))
    (i32.store (local.get $scratch) (local.get $running))
    (local.set $col (i32.const 0))
    (block $p_done (loop $p
      (br_if $p_done (i32.ge_u (local.get $col) (local.get $m)))
      (local.set $slot (i32.add (local.get $scratch) (i32.shl (i32.add (local.get $col) (i32.const 1)) (i32.const 2))))
      (local.set $count (i32.load (local.get $slot)))
      (i32.store (local.get $slot) (local.get $running))
      (local.set $running (i32.add (local.get $running) (i32.shl (local.get $count) (i32.const 3))))
      (local.set $col (i32.add (local.get $col) (i32.const 1)))
      (br $p)))
    ;; append: scratch[col+1] ends at the end of column col's list, the start of the next one
    (local.set $at (local.get $x))
    (local.set $r (i32.const 0))
    (block $fill_done (loop $fill_rows
      (br_if $fill_done (i32.ge_u (local.get $r) (local.get $k)))
      (local.set $slot (i32.add (local.get $scratch) (i32.const 4)))
      (local.set $col (i32.const 0))
      (block $f_done (loop $f
        (br_if $f_done (i32.ge_u (local.get $col) (local.get $m)))
        (local.set $v (f32.load (local.get $at)))
        (if (f32.ne (local.get $v) (f32.const 0)) (then
          (local.set $pos (i32.load (local.get $slot)))
          (i32.store (local.get $pos) (i32.add (local.get $b) (i32.mul (local.get $r) (local.get $rowBytes))))
          (f32.store offset=4 (local.get $pos) (local.get $v))
          (i32.store (local.get $slot) (i32.add (local.get $pos) (i32.const 8)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $slot (i32.add (local.get $slot) (i32.const 4)))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br $f)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $fill_rows)))
  )

  ;; C = A·B from the lists: 24 columns of C at a time for every row, then 4, then 1. Six SIMD
  ;; accumulators is the most that V8 keeps in registers here (x64 has 16 vector registers and V8
  ;; loads all six B vectors first): with eight, one accumulator lived on the stack and the loop
  ;; ran 2x slower. B's strip of 24 columns stays in cache across the rows.
  (func (export "multiplyListed") (param $c i32) (param $m i32) (param $n i32) (param $scratch i32)
    (local $i i32) (local $j i32) (local $s v128) (local $p i32) (local $e i32) (local $end i32)
    (local $rowBytes i32) (local $colByte i32) (local $sv f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (block $c24_done (loop $c24
      (br_if $c24_done (i32.gt_u (i32.add (local.get $j) (i32.const 24)) (local.get $n)))
      (local.set $colByte (i32.shl (local.get $j) (i32.const 2)))
      (local.set $i (i32.const 0))
      (block $r_done (loop $r
        (br_if $r_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $e (i32.load (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $a4 (v128.const i32x4 0 0 0 0)) (local.set $a5 (v128.const i32x4 0 0 0 0))
        (block $nz_done (loop $nz
          (br_if $nz_done (i32.ge_u (local.get $e) (local.get $end)))
          (local.set $p (i32.add (i32.load (local.get $e)) (local.get $colByte)))
          (local.set $s (v128.load32_splat offset=4 (local.get $e)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $p)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $p)))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $p)))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $p)))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (v128.load offset=64 (local.get $p)))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (v128.load offset=80 (local.get $p)))))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br $nz)))
        (local.set $p (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytes))) (local.get $colByte)))
        (v128.store offset=0 (local.get $p) (local.get $a0)) (v128.store offset=16 (local.get $p) (local.get $a1))
        (v128.store offset=32 (local.get $p) (local.get $a2)) (v128.store offset=48 (local.get $p) (local.get $a3))
        (v128.store offset=64 (local.get $p) (local.get $a4)) (v128.store offset=80 (local.get $p) (local.get $a5))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $r)))
      (local.set $j (i32.add (local.get $j) (i32.const 24)))
      (br $c24)))
    ;; then 4 columns at a time
    (block $c4_done (loop $c4
      (br_if $c4_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
      (local.set $colByte (i32.shl (local.get $j) (i32.const 2)))
      (local.set $i (i32.const 0))
      (block $r4_done (loop $r4
        (br_if $r4_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $e (i32.load (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (block $nz4_done (loop $nz4
          (br_if $nz4_done (i32.ge_u (local.get $e) (local.get $end)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat offset=4 (local.get $e))
            (v128.load (i32.add (i32.load (local.get $e)) (local.get $colByte))))))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br $nz4)))
        (v128.store (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytes))) (local.get $colByte)) (local.get $a0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $r4)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $c4)))
    ;; the last n%4 columns one at a time
    (block $c1_done (loop $c1
      (br_if $c1_done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $colByte (i32.shl (local.get $j) (i32.const 2)))
      (local.set $i (i32.const 0))
      (block $r1_done (loop $r1
        (br_if $r1_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $e (i32.load (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $scratch) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $sv (f32.const 0))
        (block $nz1_done (loop $nz1
          (br_if $nz1_done (i32.ge_u (local.get $e) (local.get $end)))
          (local.set $sv (f32.add (local.get $sv) (f32.mul (f32.load offset=4 (local.get $e))
             (f32.load (i32.add (i32.load (local.get $e)) (local.get $colByte))))))
          (local.set $e (i32.add (local.get $e) (i32.const 8)))
          (br $nz1)))
        (f32.store (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytes))) (local.get $colByte)) (local.get $sv))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $r1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $c1)))
  )
)
