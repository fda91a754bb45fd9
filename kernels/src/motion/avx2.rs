//! AVX2 twins of the motion kernels (see [`super::x86`]). Reachable only through
//! [`super::MotionKernels::for_level`] for a level the CPU supports.

super::x86::level_module!(Avx2, "avx2,fma,bmi1,bmi2,lzcnt,popcnt");
