;; State-vector kernels of @qstore/quantum-sim (WebAssembly SIMD, float64). Compiled to
;; stateKernelsWasm.generated.ts by tooling/scripts/buildWat.mjs (`pnpm run generate`, run by
;; build, typecheck, test and bench). wasmStateMemory.ts allocates the simulator's state buffers
;; in this module's memory, so these kernels work on them in place.
;;
;; A state of n qubits is 2^n complex float64 amplitudes, interleaved: amplitude i is the 16
;; bytes (re, im) at byte offset base + 16·i, one f64x2 lane pair; qubit q is bit q of i. Each
;; kernel visits the amplitude pairs (i, i + 2^t) with bit t of i clear and all `cmask` bits of i
;; set, in the order of the JavaScript kernels (singleQubitKernels.ts, adjointKernels.ts), and
;; evaluates every sum in the same order, so the results are bit-identical to theirs.
;;
;; A complex product m·x is computed as splat(re m)·x + (−im m, im m)·swap(x), swap(x) =
;; (im x, re x): lane 0 is re m·re x − im m·im x, lane 1 is re m·im x + im m·re x.
;;
;; apply1(s, n, t, cmask, m00r, m00i, m01r, m01i, m10r, m10i, m11r, m11i): the 2×2 matrix m
;;   on qubit t of the state at s, in place. Uncontrolled (cmask = 0, n ≥ 2) it walks the runs of
;;   2^t pairs directly, two pairs per iteration (the subset walk costs as much as the products
;;   here); each pair's arithmetic is the same, so the results are too.
;; anti1(s, n, t, cmask, ur, ui, lr, li): the anti-diagonal matrix [[0, u], [l, 0]] (X, Y,
;;   CNOT, … with phases); a plain swap when u = l = 1. Uncontrolled, it walks the runs directly.
;; adjoint1(s, l, n, t, cmask): the bracket sums of one step of the adjoint sweep: accumulates
;;   W[r][c] = Σ conj(λ_r)·ψ_c over the pairs (ψ at s, λ at l) and writes its 8 numbers
;;   (row-major, re/im) to bytes 0…63, as conj(λ_r)·ψ_c = splat(re λ_r)·ψ_c + (im λ_r, −im λ_r)·
;;   swap(ψ_c). λ (and ψ, when undone) are then stepped by apply1: in this loop their update
;;   would push the W sums out of the SIMD registers.
;; diagonals(s, l, scratch, n, k): the diagonal bracket sums of every qubit at once (a moment of
;;   the adjoint sweep, momentKernels.ts): with p_i = conj(λ_i)·ψ_i, W_q[c][c] = Σ_{bit q of i = c}
;;   p_i for every qubit q. Block by block of 2^k amplitudes: the block's top bit is folded from
;;   the states, then the scratch's, k − 1 times (2·2^k adds, not k·2^k), each bit's sums added
;;   to qubit q's; the block's total goes to the qubits k … n − 1 by the block index's bits.
;;   p_i is kept unreduced, as A = λ·ψ lane-wise = (re λ·re ψ, im λ·im ψ) and B = swap(λ)·ψ =
;;   (im λ·re ψ, re λ·im ψ) (re p = A0 + A1, im p = B1 − B0, summed by the caller): no shuffle
;;   but one per amplitude. Writes qubit q's sums (bit clear: A, B; bit set: A, B) to bytes
;;   128 + 64q …; `scratch` takes 2^(k−1) entries of 32 bytes (the folded A, B).
;; offDiagonals(s, l, n, a, b): the off-diagonal bracket sums of two qubits a ≠ b in one pass
;;   over the quadruples of amplitudes they address: for qubit q, Σ conj(λ_i0)·ψ_i1 and
;;   Σ conj(λ_i1)·ψ_i0 over its pairs (i0, i1 = i0 + 2^q), unreduced as in `diagonals`: writes
;;   A01, B01, A10, B10 of qubit a to bytes 0…63, then those of qubit b to bytes 64…127.
;; zWeights(s, z, n): the folds of a ⟨Z_q⟩ read-out (diagonalReadout.ts's foldHalves, same sums
;;   in the same order): p_j = |ψ_j|² (lane products, then their sum), folded in halves from the
;;   top qubit down, the first fold straight from the state into the scratch `z` (2^(n−1)
;;   numbers); writes qubit q's upper-half weight to bytes 8q and the total to bytes 8n. n ≥ 1.
;; diagonalTimes(s, l, n, first): λ = d ⊙ ψ for a sum of single Z (diagonalReadout.ts's
;;   diagonalByDoubling): d_0 = first, d_{j + 2^q} = d_j − step_q, the steps at bytes 8q (written
;;   by the caller); d is doubled in λ's real parts, the top qubit's doubling fused with the
;;   products. n ≥ 1.
;; contractOuter(t, p, out, outer, inner): out_j = Σ_h t_{h·inner + j}·p_h (complex, j < inner,
;;   h < outer) and contractInner(t, p, out, outer, inner): out_h = Σ_j t_{h·inner + j}·p_j, the
;;   contractions of productState.ts with its sums in its order.
;; The numbers these kernels write from byte 0 are read by the caller right after each call.
;; gather(s, out, lo, hi, loBits, hiSize, bytes): a permutation of the amplitudes (a block of
;;   CNOTs, permutationKernel.ts): out[j] = s[M(j)] with M(j) = lo[j & (2^loBits − 1)] ^
;;   hi[j >> loBits], the tables holding i32 byte offsets (16·index), then copies the `bytes`
;;   of `out` back over s. Amplitudes are only moved, never computed.
(module
  (memory (export "memory") 1)

  (func (export "apply1")
    (param $s i32) (param $n i32) (param $t i32) (param $cmask i32)
    (param $m00r f64) (param $m00i f64) (param $m01r f64) (param $m01i f64)
    (param $m10r f64) (param $m10i f64) (param $m11r f64) (param $m11i f64)
    (local $gap i32) (local $free i32) (local $rest i32) (local $sub i32)
    (local $p i32) (local $q i32) (local $end i32) (local $run i32)
    (local $r00 v128) (local $i00 v128) (local $r01 v128) (local $i01 v128)
    (local $r10 v128) (local $i10 v128) (local $r11 v128) (local $i11 v128)
    (local $a v128) (local $b v128) (local $sa v128) (local $sb v128)
    (local.set $r00 (f64x2.splat (local.get $m00r)))
    (local.set $i00 (f64x2.replace_lane 0 (f64x2.splat (local.get $m00i)) (f64.neg (local.get $m00i))))
    (local.set $r01 (f64x2.splat (local.get $m01r)))
    (local.set $i01 (f64x2.replace_lane 0 (f64x2.splat (local.get $m01i)) (f64.neg (local.get $m01i))))
    (local.set $r10 (f64x2.splat (local.get $m10r)))
    (local.set $i10 (f64x2.replace_lane 0 (f64x2.splat (local.get $m10i)) (f64.neg (local.get $m10i))))
    (local.set $r11 (f64x2.splat (local.get $m11r)))
    (local.set $i11 (f64x2.replace_lane 0 (f64x2.splat (local.get $m11i)) (f64.neg (local.get $m11i))))
    (local.set $gap (i32.shl (i32.const 16) (local.get $t)))
    (if (i32.and (i32.eqz (local.get $cmask)) (i32.gt_u (local.get $n) (i32.const 1)))
      (then
        ;; No control, two or more qubits: the pairs come in runs of 2^t, each run 2·gap bytes
        ;; after the previous one; two pairs per iteration (a run has an even number of them,
        ;; or for t = 0 the runs of one pair come in twos).
        (local.set $end (i32.add (local.get $s) (i32.shl (i32.const 16) (local.get $n))))
        (local.set $p (local.get $s))
        (if (i32.eqz (local.get $t))
          (then
            ;; Adjacent pairs (p, p + 16) and (p + 32, p + 48).
            (loop $adjacent
              (local.set $a (v128.load (local.get $p)))
              (local.set $b (v128.load offset=16 (local.get $p)))
              (local.set $sa (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                (local.get $a) (local.get $a)))
              (local.set $sb (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                (local.get $b) (local.get $b)))
              (v128.store (local.get $p)
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (local.get $r00) (local.get $a))
                      (f64x2.mul (local.get $i00) (local.get $sa)))
                    (f64x2.mul (local.get $r01) (local.get $b)))
                  (f64x2.mul (local.get $i01) (local.get $sb))))
              (v128.store offset=16 (local.get $p)
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (local.get $r10) (local.get $a))
                      (f64x2.mul (local.get $i10) (local.get $sa)))
                    (f64x2.mul (local.get $r11) (local.get $b)))
                  (f64x2.mul (local.get $i11) (local.get $sb))))
              (local.set $a (v128.load offset=32 (local.get $p)))
              (local.set $b (v128.load offset=48 (local.get $p)))
              (local.set $sa (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                (local.get $a) (local.get $a)))
              (local.set $sb (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                (local.get $b) (local.get $b)))
              (v128.store offset=32 (local.get $p)
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (local.get $r00) (local.get $a))
                      (f64x2.mul (local.get $i00) (local.get $sa)))
                    (f64x2.mul (local.get $r01) (local.get $b)))
                  (f64x2.mul (local.get $i01) (local.get $sb))))
              (v128.store offset=48 (local.get $p)
                (f64x2.add
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul (local.get $r10) (local.get $a))
                      (f64x2.mul (local.get $i10) (local.get $sa)))
                    (f64x2.mul (local.get $r11) (local.get $b)))
                  (f64x2.mul (local.get $i11) (local.get $sb))))
              (local.set $p (i32.add (local.get $p) (i32.const 64)))
              (br_if $adjacent (i32.lt_u (local.get $p) (local.get $end)))))
          (else
            ;; Pairs (p, p + gap) and (p + 16, p + gap + 16) through the run [start, start + gap).
            (loop $runs
              (local.set $run (i32.add (local.get $p) (local.get $gap)))
              (loop $pairs
                (local.set $q (i32.add (local.get $p) (local.get $gap)))
                (local.set $a (v128.load (local.get $p)))
                (local.set $b (v128.load (local.get $q)))
                (local.set $sa (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                  (local.get $a) (local.get $a)))
                (local.set $sb (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                  (local.get $b) (local.get $b)))
                (v128.store (local.get $p)
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add
                        (f64x2.mul (local.get $r00) (local.get $a))
                        (f64x2.mul (local.get $i00) (local.get $sa)))
                      (f64x2.mul (local.get $r01) (local.get $b)))
                    (f64x2.mul (local.get $i01) (local.get $sb))))
                (v128.store (local.get $q)
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add
                        (f64x2.mul (local.get $r10) (local.get $a))
                        (f64x2.mul (local.get $i10) (local.get $sa)))
                      (f64x2.mul (local.get $r11) (local.get $b)))
                    (f64x2.mul (local.get $i11) (local.get $sb))))
                (local.set $a (v128.load offset=16 (local.get $p)))
                (local.set $b (v128.load offset=16 (local.get $q)))
                (local.set $sa (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                  (local.get $a) (local.get $a)))
                (local.set $sb (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                  (local.get $b) (local.get $b)))
                (v128.store offset=16 (local.get $p)
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add
                        (f64x2.mul (local.get $r00) (local.get $a))
                        (f64x2.mul (local.get $i00) (local.get $sa)))
                      (f64x2.mul (local.get $r01) (local.get $b)))
                    (f64x2.mul (local.get $i01) (local.get $sb))))
                (v128.store offset=16 (local.get $q)
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add
                        (f64x2.mul (local.get $r10) (local.get $a))
                        (f64x2.mul (local.get $i10) (local.get $sa)))
                      (f64x2.mul (local.get $r11) (local.get $b)))
                    (f64x2.mul (local.get $i11) (local.get $sb))))
                (local.set $p (i32.add (local.get $p) (i32.const 32)))
                (br_if $pairs (i32.lt_u (local.get $p) (local.get $run))))
              (local.set $p (i32.add (local.get $p) (local.get $gap)))
              (br_if $runs (i32.lt_u (local.get $p) (local.get $end))))))
        (return)))
    ;; The free bits of i: neither t nor a control. `sub` runs over their subsets in increasing
    ;; order ((sub | ~free) + 1) & free, and i = sub | cmask.
    (local.set $free
      (i32.and
        (i32.sub (i32.shl (i32.const 1) (local.get $n)) (i32.const 1))
        (i32.xor
          (i32.or (local.get $cmask) (i32.shl (i32.const 1) (local.get $t)))
          (i32.const -1))))
    (local.set $rest (i32.xor (local.get $free) (i32.const -1)))
    (local.set $sub (i32.const 0))
    (loop $pairs
      (local.set $p
        (i32.add (local.get $s)
          (i32.shl (i32.or (local.get $sub) (local.get $cmask)) (i32.const 4))))
      (local.set $q (i32.add (local.get $p) (local.get $gap)))
      (local.set $a (v128.load (local.get $p)))
      (local.set $b (v128.load (local.get $q)))
      (local.set $sa (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $a) (local.get $a)))
      (local.set $sb (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $b) (local.get $b)))
      (v128.store (local.get $p)
        (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $r00) (local.get $a))
              (f64x2.mul (local.get $i00) (local.get $sa)))
            (f64x2.mul (local.get $r01) (local.get $b)))
          (f64x2.mul (local.get $i01) (local.get $sb))))
      (v128.store (local.get $q)
        (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $r10) (local.get $a))
              (f64x2.mul (local.get $i10) (local.get $sa)))
            (f64x2.mul (local.get $r11) (local.get $b)))
          (f64x2.mul (local.get $i11) (local.get $sb))))
      (local.set $sub
        (i32.and
          (i32.add (i32.or (local.get $sub) (local.get $rest)) (i32.const 1))
          (local.get $free)))
      (br_if $pairs (local.get $sub))))

  (func (export "anti1")
    (param $s i32) (param $n i32) (param $t i32) (param $cmask i32)
    (param $ur f64) (param $ui f64) (param $lr f64) (param $li f64)
    (local $gap i32) (local $free i32) (local $rest i32) (local $sub i32) (local $swap i32)
    (local $p i32) (local $q i32) (local $end i32) (local $run i32)
    (local $rU v128) (local $iU v128) (local $rL v128) (local $iL v128)
    (local $a v128) (local $b v128)
    (local.set $rU (f64x2.splat (local.get $ur)))
    (local.set $iU (f64x2.replace_lane 0 (f64x2.splat (local.get $ui)) (f64.neg (local.get $ui))))
    (local.set $rL (f64x2.splat (local.get $lr)))
    (local.set $iL (f64x2.replace_lane 0 (f64x2.splat (local.get $li)) (f64.neg (local.get $li))))
    (local.set $swap
      (i32.and
        (i32.and (f64.eq (local.get $ur) (f64.const 1)) (f64.eq (local.get $ui) (f64.const 0)))
        (i32.and (f64.eq (local.get $lr) (f64.const 1)) (f64.eq (local.get $li) (f64.const 0)))))
    (local.set $gap (i32.shl (i32.const 16) (local.get $t)))
    (if (i32.eqz (local.get $cmask))
      (then
        ;; No control: the runs of 2^t pairs directly, as in apply1 (one pair per iteration).
        (local.set $end (i32.add (local.get $s) (i32.shl (i32.const 16) (local.get $n))))
        (local.set $p (local.get $s))
        (local.set $run (i32.add (local.get $p) (local.get $gap)))
        (loop $pairs
          (local.set $q (i32.add (local.get $p) (local.get $gap)))
          (local.set $a (v128.load (local.get $p)))
          (local.set $b (v128.load (local.get $q)))
          (if (local.get $swap)
            (then
              (v128.store (local.get $p) (local.get $b))
              (v128.store (local.get $q) (local.get $a)))
            (else
              (v128.store (local.get $p)
                (f64x2.add
                  (f64x2.mul (local.get $rU) (local.get $b))
                  (f64x2.mul (local.get $iU) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                    (local.get $b) (local.get $b)))))
              (v128.store (local.get $q)
                (f64x2.add
                  (f64x2.mul (local.get $rL) (local.get $a))
                  (f64x2.mul (local.get $iL) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                    (local.get $a) (local.get $a)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (if (i32.eq (local.get $p) (local.get $run))
            (then
              ;; The next run, 2·gap after this one's start.
              (local.set $p (i32.add (local.get $p) (local.get $gap)))
              (local.set $run (i32.add (local.get $p) (local.get $gap)))))
          (br_if $pairs (i32.lt_u (local.get $p) (local.get $end))))
        (return)))
    ;; The free bits of i: neither t nor a control. `sub` runs over their subsets in increasing
    ;; order ((sub | ~free) + 1) & free, and i = sub | cmask.
    (local.set $free
      (i32.and
        (i32.sub (i32.shl (i32.const 1) (local.get $n)) (i32.const 1))
        (i32.xor
          (i32.or (local.get $cmask) (i32.shl (i32.const 1) (local.get $t)))
          (i32.const -1))))
    (local.set $rest (i32.xor (local.get $free) (i32.const -1)))
    (local.set $sub (i32.const 0))
    (loop $pairs
      (local.set $p
        (i32.add (local.get $s)
          (i32.shl (i32.or (local.get $sub) (local.get $cmask)) (i32.const 4))))
      (local.set $q (i32.add (local.get $p) (local.get $gap)))
      (local.set $a (v128.load (local.get $p)))
      (local.set $b (v128.load (local.get $q)))
      (if (local.get $swap)
        (then
          (v128.store (local.get $p) (local.get $b))
          (v128.store (local.get $q) (local.get $a)))
        (else
          (v128.store (local.get $p)
            (f64x2.add
              (f64x2.mul (local.get $rU) (local.get $b))
              (f64x2.mul (local.get $iU)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                  (local.get $b) (local.get $b)))))
          (v128.store (local.get $q)
            (f64x2.add
              (f64x2.mul (local.get $rL) (local.get $a))
              (f64x2.mul (local.get $iL)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                  (local.get $a) (local.get $a)))))))
      (local.set $sub
        (i32.and
          (i32.add (i32.or (local.get $sub) (local.get $rest)) (i32.const 1))
          (local.get $free)))
      (br_if $pairs (local.get $sub))))

  (func (export "adjoint1")
    (param $s i32) (param $l i32) (param $n i32) (param $t i32) (param $cmask i32)
    (local $gap i32) (local $delta i32) (local $free i32) (local $rest i32) (local $sub i32)
    (local $p i32) (local $q i32)
    (local $w00 v128) (local $w01 v128) (local $w10 v128) (local $w11 v128)
    (local $a v128) (local $b v128) (local $sa v128) (local $sb v128)
    (local $la v128) (local $re v128) (local $im v128)
    (local.set $gap (i32.shl (i32.const 16) (local.get $t)))
    (local.set $delta (i32.sub (local.get $l) (local.get $s)))
    (local.set $free
      (i32.and
        (i32.sub (i32.shl (i32.const 1) (local.get $n)) (i32.const 1))
        (i32.xor
          (i32.or (local.get $cmask) (i32.shl (i32.const 1) (local.get $t)))
          (i32.const -1))))
    (local.set $rest (i32.xor (local.get $free) (i32.const -1)))
    (local.set $sub (i32.const 0))
    (loop $pairs
      (local.set $p
        (i32.add (local.get $s)
          (i32.shl (i32.or (local.get $sub) (local.get $cmask)) (i32.const 4))))
      (local.set $q (i32.add (local.get $p) (local.get $gap)))
      (local.set $a (v128.load (local.get $p)))
      (local.set $b (v128.load (local.get $q)))
      (local.set $sa (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $a) (local.get $a)))
      (local.set $sb (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $b) (local.get $b)))
      (local.set $la (v128.load (i32.add (local.get $p) (local.get $delta))))
      (local.set $re (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
        (local.get $la) (local.get $la)))
      (local.set $im (v128.xor (v128.const i64x2 0 0x8000000000000000)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
          (local.get $la) (local.get $la))))
      (local.set $w00 (f64x2.add (local.get $w00)
        (f64x2.add (f64x2.mul (local.get $re) (local.get $a))
          (f64x2.mul (local.get $im) (local.get $sa)))))
      (local.set $w01 (f64x2.add (local.get $w01)
        (f64x2.add (f64x2.mul (local.get $re) (local.get $b))
          (f64x2.mul (local.get $im) (local.get $sb)))))
      (local.set $la (v128.load (i32.add (local.get $q) (local.get $delta))))
      (local.set $re (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
        (local.get $la) (local.get $la)))
      (local.set $im (v128.xor (v128.const i64x2 0 0x8000000000000000)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
          (local.get $la) (local.get $la))))
      (local.set $w10 (f64x2.add (local.get $w10)
        (f64x2.add (f64x2.mul (local.get $re) (local.get $a))
          (f64x2.mul (local.get $im) (local.get $sa)))))
      (local.set $w11 (f64x2.add (local.get $w11)
        (f64x2.add (f64x2.mul (local.get $re) (local.get $b))
          (f64x2.mul (local.get $im) (local.get $sb)))))
      (local.set $sub
        (i32.and
          (i32.add (i32.or (local.get $sub) (local.get $rest)) (i32.const 1))
          (local.get $free)))
      (br_if $pairs (local.get $sub)))
    (v128.store (i32.const 0) (local.get $w00))
    (v128.store offset=16 (i32.const 0) (local.get $w01))
    (v128.store offset=32 (i32.const 0) (local.get $w10))
    (v128.store offset=48 (i32.const 0) (local.get $w11)))

  (func (export "diagonals")
    (param $s i32) (param $l i32) (param $scratch i32) (param $n i32) (param $k i32)
    (local $half i32) (local $j i32) (local $q i32) (local $to i32) (local $out i32)
    (local $block i32) (local $count i32) (local $bs i32) (local $bl i32)
    (local $s0a v128) (local $s0b v128) (local $s1a v128) (local $s1b v128)
    (local $la v128) (local $pa v128) (local $lb v128) (local $pb v128)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local.set $q (i32.const 0))
    (loop $zero
      (local.set $out (i32.add (i32.const 128) (i32.shl (local.get $q) (i32.const 6))))
      (v128.store (local.get $out) (v128.const i64x2 0 0))
      (v128.store offset=16 (local.get $out) (v128.const i64x2 0 0))
      (v128.store offset=32 (local.get $out) (v128.const i64x2 0 0))
      (v128.store offset=48 (local.get $out) (v128.const i64x2 0 0))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br_if $zero (i32.lt_u (local.get $q) (local.get $n))))
    (local.set $count (i32.shl (i32.const 1) (i32.sub (local.get $n) (local.get $k))))
    (local.set $block (i32.const 0))
    (loop $blocks
      ;; The block's amplitudes: 2^k of 16 bytes from `bs` (ψ) and `bl` (λ).
      (local.set $bs
        (i32.add (local.get $s) (i32.shl (local.get $block) (i32.add (local.get $k) (i32.const 4)))))
      (local.set $bl
        (i32.add (local.get $l) (i32.shl (local.get $block) (i32.add (local.get $k) (i32.const 4)))))
      ;; Its top bit k − 1 from the states: the upper half `half` bytes on.
      (local.set $q (i32.sub (local.get $k) (i32.const 1)))
      (local.set $half (i32.shl (i32.const 16) (local.get $q)))
      (local.set $s0a (v128.const i64x2 0 0))
      (local.set $s0b (v128.const i64x2 0 0))
      (local.set $s1a (v128.const i64x2 0 0))
      (local.set $s1b (v128.const i64x2 0 0))
      (local.set $j (i32.const 0))
      (local.set $to (local.get $scratch))
      (loop $top
        (local.set $la (v128.load (i32.add (local.get $bl) (local.get $j))))
        (local.set $pa (v128.load (i32.add (local.get $bs) (local.get $j))))
        (local.set $lb (v128.load (i32.add (i32.add (local.get $bl) (local.get $j)) (local.get $half))))
        (local.set $pb (v128.load (i32.add (i32.add (local.get $bs) (local.get $j)) (local.get $half))))
        (local.set $a0 (f64x2.mul (local.get $la) (local.get $pa)))
        (local.set $b0 (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
          (local.get $la) (local.get $la)) (local.get $pa)))
        (local.set $a1 (f64x2.mul (local.get $lb) (local.get $pb)))
        (local.set $b1 (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
          (local.get $lb) (local.get $lb)) (local.get $pb)))
        (local.set $s0a (f64x2.add (local.get $s0a) (local.get $a0)))
        (local.set $s0b (f64x2.add (local.get $s0b) (local.get $b0)))
        (local.set $s1a (f64x2.add (local.get $s1a) (local.get $a1)))
        (local.set $s1b (f64x2.add (local.get $s1b) (local.get $b1)))
        (v128.store (local.get $to) (f64x2.add (local.get $a0) (local.get $a1)))
        (v128.store offset=16 (local.get $to) (f64x2.add (local.get $b0) (local.get $b1)))
        (local.set $to (i32.add (local.get $to) (i32.const 32)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br_if $top (i32.lt_u (local.get $j) (local.get $half))))
      (block $done
        (loop $bits
          ;; Qubit q's sums over the block into its totals.
          (local.set $out (i32.add (i32.const 128) (i32.shl (local.get $q) (i32.const 6))))
          (v128.store (local.get $out)
            (f64x2.add (v128.load (local.get $out)) (local.get $s0a)))
          (v128.store offset=16 (local.get $out)
            (f64x2.add (v128.load offset=16 (local.get $out)) (local.get $s0b)))
          (v128.store offset=32 (local.get $out)
            (f64x2.add (v128.load offset=32 (local.get $out)) (local.get $s1a)))
          (v128.store offset=48 (local.get $out)
            (f64x2.add (v128.load offset=48 (local.get $out)) (local.get $s1b)))
          (br_if $done (i32.eqz (local.get $q)))
          ;; Fold the scratch's top bit q − 1: entries of 32 bytes, the upper half `half` on.
          (local.set $q (i32.sub (local.get $q) (i32.const 1)))
          (local.set $half (i32.shl (i32.const 32) (local.get $q)))
          (local.set $s0a (v128.const i64x2 0 0))
          (local.set $s0b (v128.const i64x2 0 0))
          (local.set $s1a (v128.const i64x2 0 0))
          (local.set $s1b (v128.const i64x2 0 0))
          (local.set $to (local.get $scratch))
          (local.set $j (i32.add (local.get $scratch) (local.get $half)))
          (loop $fold
            (local.set $a0 (v128.load (local.get $to)))
            (local.set $b0 (v128.load offset=16 (local.get $to)))
            (local.set $a1 (v128.load (i32.add (local.get $to) (local.get $half))))
            (local.set $b1 (v128.load offset=16 (i32.add (local.get $to) (local.get $half))))
            (local.set $s0a (f64x2.add (local.get $s0a) (local.get $a0)))
            (local.set $s0b (f64x2.add (local.get $s0b) (local.get $b0)))
            (local.set $s1a (f64x2.add (local.get $s1a) (local.get $a1)))
            (local.set $s1b (f64x2.add (local.get $s1b) (local.get $b1)))
            (v128.store (local.get $to) (f64x2.add (local.get $a0) (local.get $a1)))
            (v128.store offset=16 (local.get $to) (f64x2.add (local.get $b0) (local.get $b1)))
            (local.set $to (i32.add (local.get $to) (i32.const 32)))
            (br_if $fold (i32.lt_u (local.get $to) (local.get $j))))
          (br $bits)))
      ;; The block's total (scratch entry 0) to qubits k … n − 1, by the block's bits.
      (local.set $a0 (v128.load (local.get $scratch)))
      (local.set $b0 (v128.load offset=16 (local.get $scratch)))
      (local.set $q (local.get $k))
      (block $high
        (loop $bit
          (br_if $high (i32.ge_u (local.get $q) (local.get $n)))
          (local.set $out
            (i32.add
              (i32.add (i32.const 128) (i32.shl (local.get $q) (i32.const 6)))
              (i32.shl
                (i32.and
                  (i32.shr_u (local.get $block) (i32.sub (local.get $q) (local.get $k)))
                  (i32.const 1))
                (i32.const 5))))
          (v128.store (local.get $out)
            (f64x2.add (v128.load (local.get $out)) (local.get $a0)))
          (v128.store offset=16 (local.get $out)
            (f64x2.add (v128.load offset=16 (local.get $out)) (local.get $b0)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $bit)))
      (local.set $block (i32.add (local.get $block) (i32.const 1)))
      (br_if $blocks (i32.lt_u (local.get $block) (local.get $count)))))

  (func (export "offDiagonals")
    (param $s i32) (param $l i32) (param $n i32) (param $a i32) (param $b i32)
    (local $gapA i32) (local $gapB i32) (local $delta i32) (local $free i32) (local $rest i32)
    (local $sub i32) (local $p i32)
    (local $aa01 v128) (local $ab01 v128) (local $aa10 v128) (local $ab10 v128)
    (local $ba01 v128) (local $bb01 v128) (local $ba10 v128) (local $bb10 v128)
    (local $x00 v128) (local $xa v128) (local $xb v128) (local $xab v128)
    (local $y v128) (local $z v128)
    (local.set $gapA (i32.shl (i32.const 16) (local.get $a)))
    (local.set $gapB (i32.shl (i32.const 16) (local.get $b)))
    (local.set $delta (i32.sub (local.get $l) (local.get $s)))
    (local.set $free
      (i32.and
        (i32.sub (i32.shl (i32.const 1) (local.get $n)) (i32.const 1))
        (i32.xor
          (i32.or (i32.shl (i32.const 1) (local.get $a)) (i32.shl (i32.const 1) (local.get $b)))
          (i32.const -1))))
    (local.set $rest (i32.xor (local.get $free) (i32.const -1)))
    (local.set $sub (i32.const 0))
    (loop $quads
      ;; ψ at i (x00), i + 2^a (xa), i + 2^b (xb), i + 2^a + 2^b (xab); λ (y) and z = swap(λ)
      ;; one amplitude at a time (fewer live registers). Qubit a's pairs are (00, a) and (b, ab),
      ;; qubit b's (00, b) and (a, ab).
      (local.set $p (i32.add (local.get $s) (i32.shl (local.get $sub) (i32.const 4))))
      (local.set $x00 (v128.load (local.get $p)))
      (local.set $xa (v128.load (i32.add (local.get $p) (local.get $gapA))))
      (local.set $xb (v128.load (i32.add (local.get $p) (local.get $gapB))))
      (local.set $xab
        (v128.load (i32.add (i32.add (local.get $p) (local.get $gapA)) (local.get $gapB))))
      (local.set $p (i32.add (local.get $p) (local.get $delta)))
      (local.set $y (v128.load (local.get $p)))
      (local.set $z (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $y) (local.get $y)))
      (local.set $aa01 (f64x2.add (local.get $aa01) (f64x2.mul (local.get $y) (local.get $xa))))
      (local.set $ab01 (f64x2.add (local.get $ab01) (f64x2.mul (local.get $z) (local.get $xa))))
      (local.set $ba01 (f64x2.add (local.get $ba01) (f64x2.mul (local.get $y) (local.get $xb))))
      (local.set $bb01 (f64x2.add (local.get $bb01) (f64x2.mul (local.get $z) (local.get $xb))))
      (local.set $y (v128.load (i32.add (local.get $p) (local.get $gapA))))
      (local.set $z (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $y) (local.get $y)))
      (local.set $aa10 (f64x2.add (local.get $aa10) (f64x2.mul (local.get $y) (local.get $x00))))
      (local.set $ab10 (f64x2.add (local.get $ab10) (f64x2.mul (local.get $z) (local.get $x00))))
      (local.set $ba01 (f64x2.add (local.get $ba01) (f64x2.mul (local.get $y) (local.get $xab))))
      (local.set $bb01 (f64x2.add (local.get $bb01) (f64x2.mul (local.get $z) (local.get $xab))))
      (local.set $y (v128.load (i32.add (local.get $p) (local.get $gapB))))
      (local.set $z (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $y) (local.get $y)))
      (local.set $aa01 (f64x2.add (local.get $aa01) (f64x2.mul (local.get $y) (local.get $xab))))
      (local.set $ab01 (f64x2.add (local.get $ab01) (f64x2.mul (local.get $z) (local.get $xab))))
      (local.set $ba10 (f64x2.add (local.get $ba10) (f64x2.mul (local.get $y) (local.get $x00))))
      (local.set $bb10 (f64x2.add (local.get $bb10) (f64x2.mul (local.get $z) (local.get $x00))))
      (local.set $y
        (v128.load (i32.add (i32.add (local.get $p) (local.get $gapA)) (local.get $gapB))))
      (local.set $z (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $y) (local.get $y)))
      (local.set $aa10 (f64x2.add (local.get $aa10) (f64x2.mul (local.get $y) (local.get $xb))))
      (local.set $ab10 (f64x2.add (local.get $ab10) (f64x2.mul (local.get $z) (local.get $xb))))
      (local.set $ba10 (f64x2.add (local.get $ba10) (f64x2.mul (local.get $y) (local.get $xa))))
      (local.set $bb10 (f64x2.add (local.get $bb10) (f64x2.mul (local.get $z) (local.get $xa))))
      (local.set $sub
        (i32.and
          (i32.add (i32.or (local.get $sub) (local.get $rest)) (i32.const 1))
          (local.get $free)))
      (br_if $quads (local.get $sub)))
    (v128.store (i32.const 0) (local.get $aa01))
    (v128.store offset=16 (i32.const 0) (local.get $ab01))
    (v128.store offset=32 (i32.const 0) (local.get $aa10))
    (v128.store offset=48 (i32.const 0) (local.get $ab10))
    (v128.store offset=64 (i32.const 0) (local.get $ba01))
    (v128.store offset=80 (i32.const 0) (local.get $bb01))
    (v128.store offset=96 (i32.const 0) (local.get $ba10))
    (v128.store offset=112 (i32.const 0) (local.get $bb10)))

  (func (export "zWeights")
    (param $s i32) (param $z i32) (param $n i32)
    (local $q i32) (local $half i32) (local $j i32) (local $end i32)
    (local $upper f64) (local $v f64) (local $x v128)
    ;; The top qubit n − 1 from the state: z_j + z_{j + half} into scratch[j], Σ z_{j + half}.
    (local.set $q (i32.sub (local.get $n) (i32.const 1)))
    (local.set $half (i32.shl (i32.const 16) (local.get $q)))
    (local.set $j (i32.const 0))
    (local.set $end (local.get $z))
    (loop $top
      (local.set $x (v128.load (i32.add (i32.add (local.get $s) (local.get $j)) (local.get $half))))
      (local.set $x (f64x2.mul (local.get $x) (local.get $x)))
      (local.set $v (f64.add (f64x2.extract_lane 0 (local.get $x)) (f64x2.extract_lane 1 (local.get $x))))
      (local.set $upper (f64.add (local.get $upper) (local.get $v)))
      (local.set $x (v128.load (i32.add (local.get $s) (local.get $j))))
      (local.set $x (f64x2.mul (local.get $x) (local.get $x)))
      (f64.store (local.get $end)
        (f64.add
          (f64.add (f64x2.extract_lane 0 (local.get $x)) (f64x2.extract_lane 1 (local.get $x)))
          (local.get $v)))
      (local.set $end (i32.add (local.get $end) (i32.const 8)))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $top (i32.lt_u (local.get $j) (local.get $half))))
    (f64.store (i32.shl (local.get $q) (i32.const 3)) (local.get $upper))
    ;; The qubits below, from the scratch: its upper half `half` bytes on folded onto the lower.
    (block $done
      (loop $bits
        (br_if $done (i32.eqz (local.get $q)))
        (local.set $q (i32.sub (local.get $q) (i32.const 1)))
        (local.set $half (i32.shl (i32.const 8) (local.get $q)))
        (local.set $upper (f64.const 0))
        (local.set $j (local.get $z))
        (local.set $end (i32.add (local.get $z) (local.get $half)))
        (loop $fold
          (local.set $v (f64.load (i32.add (local.get $j) (local.get $half))))
          (local.set $upper (f64.add (local.get $upper) (local.get $v)))
          (f64.store (local.get $j) (f64.add (f64.load (local.get $j)) (local.get $v)))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br_if $fold (i32.lt_u (local.get $j) (local.get $end))))
        (f64.store (i32.shl (local.get $q) (i32.const 3)) (local.get $upper))
        (br $bits)))
    (f64.store (i32.shl (local.get $n) (i32.const 3)) (f64.load (local.get $z))))

  (func (export "diagonalTimes")
    (param $s i32) (param $l i32) (param $n i32) (param $first f64)
    (local $q i32) (local $half i32) (local $j i32) (local $step f64) (local $d f64)
    ;; d_j in λ's real parts (16 bytes apart), doubled qubit by qubit below the top one.
    (f64.store (local.get $l) (local.get $first))
    (local.set $q (i32.const 0))
    (block $built
      (loop $levels
        (br_if $built (i32.ge_u (local.get $q) (i32.sub (local.get $n) (i32.const 1))))
        (local.set $half (i32.shl (i32.const 16) (local.get $q)))
        (local.set $step (f64.load (i32.shl (local.get $q) (i32.const 3))))
        (local.set $j (i32.const 0))
        (loop $double
          (f64.store (i32.add (i32.add (local.get $l) (local.get $j)) (local.get $half))
            (f64.sub (f64.load (i32.add (local.get $l) (local.get $j))) (local.get $step)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $double (i32.lt_u (local.get $j) (local.get $half))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $levels)))
    ;; The top qubit's doubling with the products: λ_j = d_j·ψ_j, λ_{j+half} = (d_j − step)·ψ_{j+half}.
    (local.set $half (i32.shl (i32.const 16) (local.get $q)))
    (local.set $step (f64.load (i32.shl (local.get $q) (i32.const 3))))
    (local.set $j (i32.const 0))
    (loop $times
      (local.set $d (f64.load (i32.add (local.get $l) (local.get $j))))
      (v128.store (i32.add (local.get $l) (local.get $j))
        (f64x2.mul (f64x2.splat (local.get $d)) (v128.load (i32.add (local.get $s) (local.get $j)))))
      (v128.store (i32.add (i32.add (local.get $l) (local.get $j)) (local.get $half))
        (f64x2.mul
          (f64x2.splat (f64.sub (local.get $d) (local.get $step)))
          (v128.load (i32.add (i32.add (local.get $s) (local.get $j)) (local.get $half)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $times (i32.lt_u (local.get $j) (local.get $half)))))

  (func (export "contractOuter")
    (param $t i32) (param $p i32) (param $out i32) (param $outer i32) (param $inner i32)
    (local $end i32) (local $o i32) (local $row i32) (local $pend i32)
    (local $x v128) (local $pv v128) (local $pw v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $inner) (i32.const 4))))
    (local.set $o (local.get $out))
    (loop $zero
      (v128.store (local.get $o) (v128.const i64x2 0 0))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $zero (i32.lt_u (local.get $o) (local.get $end))))
    (local.set $row (local.get $t))
    (local.set $pend (i32.add (local.get $p) (i32.shl (local.get $outer) (i32.const 4))))
    (loop $rows
      ;; pv = (re p_h, im p_h), pw = (−im p_h, re p_h).
      (local.set $pv (v128.load (local.get $p)))
      (local.set $pw (v128.xor (v128.const i64x2 0x8000000000000000 0)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $pv) (local.get $pv))))
      (local.set $o (local.get $out))
      (loop $columns
        (local.set $x (v128.load (local.get $row)))
        (v128.store (local.get $o)
          (f64x2.add
            (f64x2.add (v128.load (local.get $o))
              (f64x2.mul (f64x2.splat (f64x2.extract_lane 0 (local.get $x))) (local.get $pv)))
            (f64x2.mul (f64x2.splat (f64x2.extract_lane 1 (local.get $x))) (local.get $pw))))
        (local.set $row (i32.add (local.get $row) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br_if $columns (i32.lt_u (local.get $o) (local.get $end))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $rows (i32.lt_u (local.get $p) (local.get $pend)))))

  (func (export "contractInner")
    (param $t i32) (param $p i32) (param $out i32) (param $outer i32) (param $inner i32)
    (local $end i32) (local $q i32) (local $pend i32)
    (local $x v128) (local $y v128) (local $acc v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $outer) (i32.const 4))))
    (local.set $pend (i32.add (local.get $p) (i32.shl (local.get $inner) (i32.const 4))))
    (loop $rows
      (local.set $acc (v128.const i64x2 0 0))
      (local.set $q (local.get $p))
      (loop $columns
        ;; t·p = splat(re p)·t + (−im p, im p)·swap(t).
        (local.set $x (v128.load (local.get $t)))
        (local.set $y (v128.load (local.get $q)))
        (local.set $acc
          (f64x2.add (local.get $acc)
            (f64x2.add
              (f64x2.mul (f64x2.splat (f64x2.extract_lane 0 (local.get $y))) (local.get $x))
              (f64x2.mul
                (v128.xor (v128.const i64x2 0x8000000000000000 0)
                  (f64x2.splat (f64x2.extract_lane 1 (local.get $y))))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                  (local.get $x) (local.get $x))))))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br_if $columns (i32.lt_u (local.get $q) (local.get $pend))))
      (v128.store (local.get $out) (local.get $acc))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br_if $rows (i32.lt_u (local.get $out) (local.get $end)))))

  (func (export "gather")
    (param $s i32) (param $out i32) (param $lo i32) (param $hi i32) (param $loBits i32)
    (param $hiSize i32) (param $bytes i32)
    (local $loEnd i32) (local $hiEnd i32) (local $high i32) (local $l i32) (local $to i32)
    (local.set $loEnd (i32.add (local.get $lo) (i32.shl (i32.const 4) (local.get $loBits))))
    (local.set $hiEnd (i32.add (local.get $hi) (i32.shl (local.get $hiSize) (i32.const 2))))
    (local.set $to (local.get $out))
    (loop $rows
      (local.set $high (i32.load (local.get $hi)))
      (local.set $l (local.get $lo))
      ;; Two columns per iteration (the low table has 2^⌈n/2⌉ ≥ 2 entries).
      (loop $columns
        (v128.store (local.get $to)
          (v128.load
            (i32.add (local.get $s) (i32.xor (local.get $high) (i32.load (local.get $l))))))
        (v128.store offset=16 (local.get $to)
          (v128.load
            (i32.add (local.get $s) (i32.xor (local.get $high) (i32.load offset=4 (local.get $l))))))
        (local.set $to (i32.add (local.get $to) (i32.const 32)))
        (local.set $l (i32.add (local.get $l) (i32.const 8)))
        (br_if $columns (i32.lt_u (local.get $l) (local.get $loEnd))))
      (local.set $hi (i32.add (local.get $hi) (i32.const 4)))
      (br_if $rows (i32.lt_u (local.get $hi) (local.get $hiEnd))))
    (memory.copy (local.get $s) (local.get $out) (local.get $bytes))))
