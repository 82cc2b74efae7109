;; Dense matrix product C = op(A)·op(B) in WebAssembly with relaxed SIMD's fused multiply-add,
;; for tfjs's wasm backend.
;;
;; Why: XNNPACK's products in tfjs-backend-wasm 4.22 are compiled for 128-bit SIMD without
;; fused multiply-add (a multiply and an add per lane, two instructions), which caps them at ~31
;; GFLOP/s per core here; f32x4.relaxed_madd becomes one FMA instruction on an x86 CPU with FMA3
;; (and on ARM), doubling the arithmetic per instruction. Relaxed SIMD is not on by default in
;; Node 20's V8; lib/backends/wasm/gemm.ts turns it on and falls back to XNNPACK when it cannot.
;;
;; The layout is the one BLIS-style products use: B is packed once into panels of 8 columns
;; (zero-padded), in blocks of KC rows so that one panel (KC×8 floats) stays in the L1 cache; the
;; product runs 4×8 tiles of C, each keeping its 8 accumulators in registers over a whole KC block.
;; A row-major op(A) is read in place; any other (a transposed operand, read with a long stride) is
;; first packed, KC columns at a time, so that each tile reads its 4 rows side by side.
;; Tiles are independent, so a caller splits rows of C over threads sharing this memory.
;;
;; The module imports tfjs-backend-wasm's own memory: operands and result are tensors on that
;; heap (byte offsets), nothing is copied.
;;
;; Regenerate lib/backends/wasm/simd/*.generated.ts after editing: npm run build:wasm-kernels
(module
  (import "env" "memory" (memory 1))

  ;; Packs columns [j0, j1) of op(B) [k, n], element (p, j) at b + p*rsB + j*csB (bytes), into
  ;; packed: for each block of kc rows (the last may be shorter), panels of 8 columns, each panel its
  ;; rows × 8 floats. Block q starts at packed + q*kc*npad*4, its panel jp/8 at + jp*rows*4 (npad = n
  ;; rounded up to 8). j0 is a multiple of 8; threads pack disjoint column ranges side by side.
  (func (export "packB") (param $b i32) (param $rsB i32) (param $csB i32) (param $k i32) (param $n i32) (param $kc i32) (param $packed i32)
    (param $j0 i32) (param $j1 i32)
    (local $p0 i32) (local $rows i32) (local $jp i32) (local $p i32) (local $j i32) (local $src i32) (local $cols i32)
    (local $npad i32) (local $dst i32)
    (local.set $npad (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (local.get $j1) (local.get $n)) (then (local.set $j1 (local.get $n))))
    (block $blocks_done (loop $blocks
      (br_if $blocks_done (i32.ge_u (local.get $p0) (local.get $k)))
      (local.set $rows (select (local.get $kc) (i32.sub (local.get $k) (local.get $p0))
        (i32.le_u (local.get $kc) (i32.sub (local.get $k) (local.get $p0)))))
      (local.set $jp (local.get $j0))
      (local.set $dst (i32.add (local.get $packed) (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $npad)) (i32.mul (local.get $j0) (local.get $rows))) (i32.const 2))))
      (block $panels_done (loop $panels
        (br_if $panels_done (i32.ge_u (local.get $jp) (local.get $j1)))
        (local.set $cols (i32.sub (local.get $n) (local.get $jp)))
        (local.set $p (i32.const 0))
        (block $rows_done (loop $row
          (br_if $rows_done (i32.ge_u (local.get $p) (local.get $rows)))
          (local.set $src (i32.add (local.get $b) (i32.add
            (i32.mul (i32.add (local.get $p0) (local.get $p)) (local.get $rsB))
            (i32.mul (local.get $jp) (local.get $csB)))))
          (if (i32.and (i32.eq (local.get $csB) (i32.const 4)) (i32.ge_u (local.get $cols) (i32.const 8)))
            (then
              (v128.store (local.get $dst) (v128.load (local.get $src)))
              (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src))))
            (else
              (local.set $j (i32.const 0))
              (block $cols_done (loop $col
                (br_if $cols_done (i32.ge_u (local.get $j) (i32.const 8)))
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
                  (if (result f32) (i32.lt_u (local.get $j) (local.get $cols))
                    (then (f32.load (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $csB)))))
                    (else (f32.const 0))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $col)))))
          (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $row)))
        (local.set $jp (i32.add (local.get $jp) (i32.const 8)))
        (br $panels)))
      (local.set $p0 (i32.add (local.get $p0) (local.get $kc)))
      (br $blocks)))
  )

;; Packs rows [i0, i1) of op(A), columns [p0, p0 + kc), into dst: tiles of 4 rows, each kc × 4
  ;; floats (the 4 rows' values for column p side by side), rows past i1 as zeros.
  (func $packA (param $a i32) (param $rsA i32) (param $csA i32) (param $i0 i32) (param $i1 i32) (param $p0 i32) (param $kc i32) (param $dst i32)
    (local $i i32) (local $p i32) (local $r i32) (local $src i32) (local $full i32)
    (local.set $i (local.get $i0))
    (block $tiles_done (loop $tiles
      (br_if $tiles_done (i32.ge_u (local.get $i) (local.get $i1)))
      (local.set $full (i32.ge_u (i32.sub (local.get $i1) (local.get $i)) (i32.const 4)))
      (local.set $src (i32.add (local.get $a) (i32.add (i32.mul (local.get $i) (local.get $rsA)) (i32.mul (local.get $p0) (local.get $csA)))))
      (local.set $p (i32.const 0))
      (if (i32.and (local.get $full) (i32.eq (local.get $rsA) (i32.const 4)))
        (then
          ;; op(A) is a transpose: the tile's 4 values of column p are side by side already.
          (block $t_done (loop $t
            (br_if $t_done (i32.ge_u (local.get $p) (local.get $kc)))
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $csA)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $t))))
        (else (if (i32.and (local.get $full) (i32.eq (local.get $csA) (i32.const 4)))
          (then
            ;; Row-major op(A): gather one value from each of the 4 rows.
            (block $g_done (loop $g
              (br_if $g_done (i32.ge_u (local.get $p) (local.get $kc)))
              (f32.store (local.get $dst) (f32.load (local.get $src)))
              (f32.store offset=4 (local.get $dst) (f32.load (i32.add (local.get $src) (local.get $rsA))))
              (f32.store offset=8 (local.get $dst) (f32.load (i32.add (local.get $src) (i32.shl (local.get $rsA) (i32.const 1)))))
              (f32.store offset=12 (local.get $dst) (f32.load (i32.add (local.get $src) (i32.mul (local.get $rsA) (i32.const 3)))))
              (local.set $src (i32.add (local.get $src) (i32.const 4)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $g))))
          (else
            ;; The general case, and the last tile when it has fewer than 4 rows.
            (block $e_done (loop $e
              (br_if $e_done (i32.ge_u (local.get $p) (local.get $kc)))
              (local.set $r (i32.const 0))
              (block $r_done (loop $rr
                (br_if $r_done (i32.ge_u (local.get $r) (i32.const 4)))
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
                  (if (result f32) (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $i1))
                    (then (f32.load (i32.add (local.get $src) (i32.add (i32.mul (local.get $r) (local.get $rsA)) (i32.mul (local.get $p) (local.get $csA))))))
                    (else (f32.const 0))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rr)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $e)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $tiles)))
  )

  ;; Rows [i0, i1) of C = op(A)·op(B): op(A) element (i, p) at a + i*rsA + p*csA (bytes), B packed
  ;; by packB with the same kc, C row-major with rows ldc bytes apart. C is overwritten. work: this
  ;; thread's scratch, 16*min(kc, k)*ceil((i1 - i0)/4) bytes for its rows of A packed when op(A)
  ;; is not row-major (a block of kc columns at a time), then 128 bytes where an edge tile is written before its part is copied.
  (func (export "gemm") (param $a i32) (param $rsA i32) (param $csA i32) (param $i0 i32) (param $i1 i32) (param $k i32)
    (param $bp i32) (param $n i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $work i32)
    (local $p0 i32) (local $rows i32) (local $npad i32) (local $block i32) (local $jp i32) (local $i i32)
    (local $panel i32) (local $mr i32) (local $nr i32) (local $add i32) (local $tmp i32)
    (local $pa i32) (local $pa1 i32) (local $pa2 i32) (local $pa3 i32) (local $step i32) (local $packed i32)
    (local $pb i32) (local $end i32)
    (local $va v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $at i32) (local $r i32) (local $j i32) (local $src i32) (local $dst i32)
    (local.set $npad (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8)))
    ;; The edge tile's bytes follow the packed A of the longest block, min(kc, k) columns.
    (local.set $tmp (i32.add (local.get $work) (i32.shl (i32.mul
      (select (local.get $kc) (local.get $k) (i32.le_u (local.get $kc) (local.get $k)))
      (i32.shr_u (i32.add (i32.sub (local.get $i1) (local.get $i0)) (i32.const 3)) (i32.const 2))) (i32.const 4))))
    (block $blocks_done (loop $blocks
      (br_if $blocks_done (i32.ge_u (local.get $p0) (local.get $k)))
      (local.set $rows (select (local.get $kc) (i32.sub (local.get $k) (local.get $p0))
        (i32.le_u (local.get $kc) (i32.sub (local.get $k) (local.get $p0)))))
      ;; A row-major op(A) is read in place (its rows are contiguous along p); any other is packed.
      (local.set $packed (i32.ne (local.get $csA) (i32.const 4)))
      (if (local.get $packed) (then
        (call $packA (local.get $a) (local.get $rsA) (local.get $csA) (local.get $i0) (local.get $i1) (local.get $p0) (local.get $rows) (local.get $work))))
      (local.set $block (i32.add (local.get $bp) (i32.shl (i32.mul (local.get $p0) (local.get $npad)) (i32.const 2))))
      (local.set $add (i32.ne (local.get $p0) (i32.const 0)))
      (local.set $jp (i32.const 0))
      (block $panels_done (loop $panels
        (br_if $panels_done (i32.ge_u (local.get $jp) (local.get $n)))
        (local.set $panel (i32.add (local.get $block) (i32.shl (i32.mul (local.get $jp) (local.get $rows)) (i32.const 2))))
        (local.set $nr (select (i32.const 8) (i32.sub (local.get $n) (local.get $jp))
          (i32.ge_u (i32.sub (local.get $n) (local.get $jp)) (i32.const 8))))
        (local.set $i (local.get $i0))
        (block $tiles_done (loop $tiles
          (br_if $tiles_done (i32.ge_u (local.get $i) (local.get $i1)))
          (local.set $mr (select (i32.const 4) (i32.sub (local.get $i1) (local.get $i))
            (i32.ge_u (i32.sub (local.get $i1) (local.get $i)) (i32.const 4))))
          (if (local.get $packed)
            (then
              ;; Tile t's packed A: rows × 4 floats at work + t*rows*16.
              (local.set $pa (i32.add (local.get $work) (i32.shl (i32.mul (i32.sub (local.get $i) (local.get $i0)) (local.get $rows)) (i32.const 2))))
              (local.set $pa1 (i32.add (local.get $pa) (i32.const 4)))
              (local.set $pa2 (i32.add (local.get $pa) (i32.const 8)))
              (local.set $pa3 (i32.add (local.get $pa) (i32.const 12)))
              (local.set $step (i32.const 16)))
            (else
              ;; The tile's rows in place from column p0; a missing row (mr < 4) repeats row i (not stored).
              (local.set $pa (i32.add (local.get $a) (i32.add (i32.mul (local.get $i) (local.get $rsA)) (i32.shl (local.get $p0) (i32.const 2)))))
              (local.set $pa1 (select (i32.add (local.get $pa) (local.get $rsA)) (local.get $pa) (i32.gt_u (local.get $mr) (i32.const 1))))
              (local.set $pa2 (select (i32.add (local.get $pa1) (local.get $rsA)) (local.get $pa) (i32.gt_u (local.get $mr) (i32.const 2))))
              (local.set $pa3 (select (i32.add (local.get $pa2) (local.get $rsA)) (local.get $pa) (i32.gt_u (local.get $mr) (i32.const 3))))
              (local.set $step (i32.const 4))))
          (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
          (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
          (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
          (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
          (local.set $pb (local.get $panel))
          (local.set $end (i32.add (local.get $panel) (i32.shl (local.get $rows) (i32.const 5))))
          ;; The tile's four rows of A (pa…pa3) and the panel (pb) advance together, one column of A and
          ;; one row of B per step: 8 fused multiply-adds.
          (loop $k_step
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $va (v128.load32_splat (local.get $pa)))
            (local.set $c00 (f32x4.relaxed_madd (local.get $va) (local.get $b0) (local.get $c00)))
            (local.set $c01 (f32x4.relaxed_madd (local.get $va) (local.get $b1) (local.get $c01)))
            (local.set $va (v128.load32_splat (local.get $pa1)))
            (local.set $c10 (f32x4.relaxed_madd (local.get $va) (local.get $b0) (local.get $c10)))
            (local.set $c11 (f32x4.relaxed_madd (local.get $va) (local.get $b1) (local.get $c11)))
            (local.set $va (v128.load32_splat (local.get $pa2)))
            (local.set $c20 (f32x4.relaxed_madd (local.get $va) (local.get $b0) (local.get $c20)))
            (local.set $c21 (f32x4.relaxed_madd (local.get $va) (local.get $b1) (local.get $c21)))
            (local.set $va (v128.load32_splat (local.get $pa3)))
            (local.set $c30 (f32x4.relaxed_madd (local.get $va) (local.get $b0) (local.get $c30)))
            (local.set $c31 (f32x4.relaxed_madd (local.get $va) (local.get $b1) (local.get $c31)))
            (local.set $pa (i32.add (local.get $pa) (local.get $step)))
            (local.set $pa1 (i32.add (local.get $pa1) (local.get $step)))
            (local.set $pa2 (i32.add (local.get $pa2) (local.get $step)))
            (local.set $pa3 (i32.add (local.get $pa3) (local.get $step)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
            (br_if $k_step (i32.lt_u (local.get $pb) (local.get $end))))
          (local.set $at (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $jp) (i32.const 2)))))
          (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 8)))
            (then
              (if (local.get $add) (then
                (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $at))))
                (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $at))))))
              (v128.store (local.get $at) (local.get $c00))
              (v128.store offset=16 (local.get $at) (local.get $c01))
              (local.set $at (i32.add (local.get $at) (local.get $ldc)))
              (if (local.get $add) (then
                (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $at))))
                (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $at))))))
              (v128.store (local.get $at) (local.get $c10))
              (v128.store offset=16 (local.get $at) (local.get $c11))
              (local.set $at (i32.add (local.get $at) (local.get $ldc)))
              (if (local.get $add) (then
                (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $at))))
                (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $at))))))
              (v128.store (local.get $at) (local.get $c20))
              (v128.store offset=16 (local.get $at) (local.get $c21))
              (local.set $at (i32.add (local.get $at) (local.get $ldc)))
              (if (local.get $add) (then
                (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $at))))
                (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $at))))))
              (v128.store (local.get $at) (local.get $c30))
              (v128.store offset=16 (local.get $at) (local.get $c31)))
            (else
              ;; An edge tile: the whole tile to tmp, then its mr × nr part to C.
              (v128.store (local.get $tmp) (local.get $c00)) (v128.store offset=16 (local.get $tmp) (local.get $c01))
              (v128.store offset=32 (local.get $tmp) (local.get $c10)) (v128.store offset=48 (local.get $tmp) (local.get $c11))
              (v128.store offset=64 (local.get $tmp) (local.get $c20)) (v128.store offset=80 (local.get $tmp) (local.get $c21))
              (v128.store offset=96 (local.get $tmp) (local.get $c30)) (v128.store offset=112 (local.get $tmp) (local.get $c31))
              (local.set $r (i32.const 0))
              (block $edge_rows_done (loop $edge_rows
                (br_if $edge_rows_done (i32.ge_u (local.get $r) (local.get $mr)))
                (local.set $j (i32.const 0))
                (block $edge_cols_done (loop $edge_cols
                  (br_if $edge_cols_done (i32.ge_u (local.get $j) (local.get $nr)))
                  (local.set $src (i32.add (local.get $tmp) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $j)) (i32.const 2))))
                  (local.set $dst (i32.add (i32.add (local.get $at) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
                  (f32.store (local.get $dst) (select
                    (f32.add (f32.load (local.get $src)) (f32.load (local.get $dst)))
                    (f32.load (local.get $src))
                    (local.get $add)))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $edge_cols)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $edge_rows)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $tiles)))
        (local.set $jp (i32.add (local.get $jp) (i32.const 8)))
        (br $panels)))
      (local.set $p0 (i32.add (local.get $p0) (local.get $kc)))
      (br $blocks)))
  )
)
