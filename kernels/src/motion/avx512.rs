//! AVX-512 twins of the motion kernels (see [`super::x86`]). Reachable only through
//! [`super::MotionKernels::for_level`] for a level the CPU supports.

super::x86::level_module!(
    Avx512,
    "avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vnni,avx512vbmi,avx512vbmi2,avx512bitalg,avx512vpopcntdq,gfni,avx2,fma,bmi1,bmi2,lzcnt,popcnt"
);
