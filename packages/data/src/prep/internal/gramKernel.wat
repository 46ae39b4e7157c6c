;; Gram kernel of @qstore/data's PCA (WebAssembly SIMD). Compiled to gramKernelWasm.generated.ts by
;; tooling/scripts/buildWat.mjs (`pnpm run generate`, run by build, typecheck and test).
;;
;; gram(t, rows, d, out, stride): `t` holds a block of samples transposed, as int16: feature f's
;; `rows` values at byte t + 2·rows·f (rows a multiple of 8, d a multiple of 4, padding zero).
;; Adds Σ_r t[f][r]·t[g][r] to the float64 out[f·stride + g] for every 2 × 4 tile of (f, g) that
;; touches g ≥ f. i32x4.dot_i16x8_s multiplies 8 pairs and adds them pairwise into 4 int32 lanes;
;; with values below 2^8 a lane stays below rows / 4 · 2^16, exact for rows < 2^17.
;;
;; gramF64(t, rows, d, out, stride): the same for float64 values (feature f's `rows` values at
;; byte t + 8·rows·f, rows even), two samples per f64x2 multiply-add.
;;
;; dots(a, na, b, nb, len, out, stride): out[f·stride + g] += a_f · b_g (float64) for every row
;; a_f of a (na even) and b_g of b (nb a multiple of 4), rows of `len` values (even) one after
;; another.
(module
  (memory (export "memory") 1)
  ;; out[at … at+3] (float64) += the lane sums of a, b, c and d.
  (func $add4 (param $at i32) (param $a v128) (param $b v128) (param $c v128) (param $d v128)
    (local $ab v128) (local $cd v128) (local $sums v128)
    ;; (a0+a2, b0+b2, a1+a3, b1+b3) and the same for c, d
    (local.set $ab
      (i32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))))
    (local.set $cd
      (i32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d))))
    ;; (Σa, Σb, Σc, Σd)
    (local.set $sums
      (i32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ab) (local.get $cd))
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ab) (local.get $cd))))
    (v128.store (local.get $at)
      (f64x2.add (v128.load (local.get $at)) (f64x2.convert_low_i32x4_s (local.get $sums))))
    (v128.store offset=16 (local.get $at)
      (f64x2.add
        (v128.load offset=16 (local.get $at))
        (f64x2.convert_low_i32x4_s
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
            (local.get $sums) (local.get $sums))))))
  ;; out[at], out[at+1] (float64) += the lane sums of a and b.
  (func $add2 (param $at i32) (param $a v128) (param $b v128)
    (v128.store (local.get $at)
      (f64x2.add
        (v128.load (local.get $at))
        (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))))
  (func (export "gram")
    (param $t i32) (param $rows i32) (param $d i32) (param $out i32) (param $stride i32)
    (local $row i32) (local $f i32) (local $g i32) (local $k i32)
    (local $pa i32) (local $pb i32) (local $o i32)
    (local $a0 v128) (local $a1 v128) (local $b v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $row (i32.shl (local.get $rows) (i32.const 1)))
    (local.set $f (i32.const 0))
    (block $fDone
      (loop $fLoop
        (br_if $fDone (i32.ge_u (local.get $f) (local.get $d)))
        (local.set $pa (i32.add (local.get $t) (i32.mul (local.get $f) (local.get $row))))
        ;; g starts at the tile column holding f
        (local.set $g (i32.and (local.get $f) (i32.const -4)))
        (block $gDone
          (loop $gLoop
            (br_if $gDone (i32.ge_u (local.get $g) (local.get $d)))
            (local.set $pb (i32.add (local.get $t) (i32.mul (local.get $g) (local.get $row))))
            (local.set $s00 (v128.const i32x4 0 0 0 0))
            (local.set $s01 (v128.const i32x4 0 0 0 0))
            (local.set $s02 (v128.const i32x4 0 0 0 0))
            (local.set $s03 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0))
            (local.set $s11 (v128.const i32x4 0 0 0 0))
            (local.set $s12 (v128.const i32x4 0 0 0 0))
            (local.set $s13 (v128.const i32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $row)))
                (local.set $a0 (v128.load (i32.add (local.get $pa) (local.get $k))))
                (local.set $a1
                  (v128.load (i32.add (i32.add (local.get $pa) (local.get $row)) (local.get $k))))
                (local.set $b (v128.load (i32.add (local.get $pb) (local.get $k))))
                (local.set $s00 (i32x4.add (local.get $s00) (i32x4.dot_i16x8_s (local.get $a0) (local.get $b))))
                (local.set $s10 (i32x4.add (local.get $s10) (i32x4.dot_i16x8_s (local.get $a1) (local.get $b))))
                (local.set $b
                  (v128.load (i32.add (i32.add (local.get $pb) (local.get $row)) (local.get $k))))
                (local.set $s01 (i32x4.add (local.get $s01) (i32x4.dot_i16x8_s (local.get $a0) (local.get $b))))
                (local.set $s11 (i32x4.add (local.get $s11) (i32x4.dot_i16x8_s (local.get $a1) (local.get $b))))
                (local.set $b
                  (v128.load
                    (i32.add (i32.add (local.get $pb) (i32.shl (local.get $row) (i32.const 1))) (local.get $k))))
                (local.set $s02 (i32x4.add (local.get $s02) (i32x4.dot_i16x8_s (local.get $a0) (local.get $b))))
                (local.set $s12 (i32x4.add (local.get $s12) (i32x4.dot_i16x8_s (local.get $a1) (local.get $b))))
                (local.set $b
                  (v128.load
                    (i32.add
                      (i32.add (local.get $pb) (i32.mul (local.get $row) (i32.const 3)))
                      (local.get $k))))
                (local.set $s03 (i32x4.add (local.get $s03) (i32x4.dot_i16x8_s (local.get $a0) (local.get $b))))
                (local.set $s13 (i32x4.add (local.get $s13) (i32x4.dot_i16x8_s (local.get $a1) (local.get $b))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $kLoop)))
            (local.set $o
              (i32.add
                (local.get $out)
                (i32.shl
                  (i32.add (i32.mul (local.get $f) (local.get $stride)) (local.get $g))
                  (i32.const 3))))
            (call $add4 (local.get $o)
              (local.get $s00) (local.get $s01) (local.get $s02) (local.get $s03))
            (call $add4 (i32.add (local.get $o) (i32.shl (local.get $stride) (i32.const 3)))
              (local.get $s10) (local.get $s11) (local.get $s12) (local.get $s13))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (br $gLoop)))
        (local.set $f (i32.add (local.get $f) (i32.const 2)))
        (br $fLoop))))
;; The 2 × 4 float64 tile: out[o + 8·(stride·p + q)] += Σ a_p · b_q over `row` bytes, for rows
  ;; a_p at pa + p·row (p < 2) and b_q at pb + q·row (q < 4).
  (func $tileF64 (param $pa i32) (param $pb i32) (param $row i32) (param $o i32) (param $stride i32)
    (local $k i32) (local $a0 v128) (local $a1 v128) (local $b v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (block $kDone
      (loop $kLoop
        (br_if $kDone (i32.ge_u (local.get $k) (local.get $row)))
        (local.set $a0 (v128.load (i32.add (local.get $pa) (local.get $k))))
        (local.set $a1 (v128.load (i32.add (i32.add (local.get $pa) (local.get $row)) (local.get $k))))
        (local.set $b (v128.load (i32.add (local.get $pb) (local.get $k))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $a0) (local.get $b))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $a1) (local.get $b))))
        (local.set $b (v128.load (i32.add (i32.add (local.get $pb) (local.get $row)) (local.get $k))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $a0) (local.get $b))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $a1) (local.get $b))))
        (local.set $b
          (v128.load
            (i32.add (i32.add (local.get $pb) (i32.shl (local.get $row) (i32.const 1))) (local.get $k))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $a0) (local.get $b))))
        (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $a1) (local.get $b))))
        (local.set $b
          (v128.load
            (i32.add (i32.add (local.get $pb) (i32.mul (local.get $row) (i32.const 3))) (local.get $k))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $a0) (local.get $b))))
        (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $a1) (local.get $b))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $kLoop)))
    (call $add2 (local.get $o) (local.get $s00) (local.get $s01))
    (call $add2 (i32.add (local.get $o) (i32.const 16)) (local.get $s02) (local.get $s03))
    (local.set $o (i32.add (local.get $o) (i32.shl (local.get $stride) (i32.const 3))))
    (call $add2 (local.get $o) (local.get $s10) (local.get $s11))
    (call $add2 (i32.add (local.get $o) (i32.const 16)) (local.get $s12) (local.get $s13)))
  (func (export "gramF64")
    (param $t i32) (param $rows i32) (param $d i32) (param $out i32) (param $stride i32)
    (local $row i32) (local $f i32) (local $g i32)
    (local.set $row (i32.shl (local.get $rows) (i32.const 3)))
    (block $fDone
      (loop $fLoop
        (br_if $fDone (i32.ge_u (local.get $f) (local.get $d)))
        (local.set $g (i32.and (local.get $f) (i32.const -4)))
        (block $gDone
          (loop $gLoop
            (br_if $gDone (i32.ge_u (local.get $g) (local.get $d)))
            (call $tileF64
              (i32.add (local.get $t) (i32.mul (local.get $f) (local.get $row)))
              (i32.add (local.get $t) (i32.mul (local.get $g) (local.get $row)))
              (local.get $row)
              (i32.add (local.get $out)
                (i32.shl (i32.add (i32.mul (local.get $f) (local.get $stride)) (local.get $g)) (i32.const 3)))
              (local.get $stride))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (br $gLoop)))
        (local.set $f (i32.add (local.get $f) (i32.const 2)))
        (br $fLoop))))
  (func (export "dots")
    (param $a i32) (param $na i32) (param $b i32) (param $nb i32) (param $len i32)
    (param $out i32) (param $stride i32)
    (local $row i32) (local $f i32) (local $g i32)
    (local.set $row (i32.shl (local.get $len) (i32.const 3)))
    (block $fDone
      (loop $fLoop
        (br_if $fDone (i32.ge_u (local.get $f) (local.get $na)))
        (local.set $g (i32.const 0))
        (block $gDone
          (loop $gLoop
            (br_if $gDone (i32.ge_u (local.get $g) (local.get $nb)))
            (call $tileF64
              (i32.add (local.get $a) (i32.mul (local.get $f) (local.get $row)))
              (i32.add (local.get $b) (i32.mul (local.get $g) (local.get $row)))
              (local.get $row)
              (i32.add (local.get $out)
                (i32.shl (i32.add (i32.mul (local.get $f) (local.get $stride)) (local.get $g)) (i32.const 3)))
              (local.get $stride))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (br $gLoop)))
        (local.set $f (i32.add (local.get $f) (i32.const 2)))
        (br $fLoop)))))
