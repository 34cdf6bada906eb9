"""Qubit Hamiltonians of H2 and LiH for Quanta's `Molecules` (development only; needs pyscf, openfermion).

STO-3G, restricted Hartree-Fock orbitals from PySCF, second quantisation and the Jordan-Wigner
mapping from OpenFermion (spin orbitals interleaved up/down: qubit 2i is orbital i up, 2i+1 down).
H2 at 0.735 A keeps all 4 spin orbitals; LiH at 1.595 A freezes the Li 1s orbital and keeps the
next five spatial orbitals (10 qubits, 2 active electrons). Prints Swift table lines and the
exact ground energies (FCI in the active space) to check against.
"""
import numpy as np
from pyscf import gto, scf, ao2mo, fci
import openfermion as of
from openfermion.ops.representations import get_active_space_integrals


def qubit_hamiltonian(atom, occupied, active):
    mol = gto.M(atom=atom, basis="sto-3g", unit="Angstrom")
    mf = scf.RHF(mol).run(verbose=0)
    c = mf.mo_coeff
    n = c.shape[1]
    h1 = c.T @ mf.get_hcore() @ c
    eri = ao2mo.restore(1, ao2mo.kernel(mol, c), n)
    two = np.asarray(eri.transpose(0, 2, 3, 1), order="C")
    core, h1a, twoa = get_active_space_integrals(h1, two, occupied, active)
    one_so, two_so = of.chem.molecular_data.spinorb_from_spatial(h1a, twoa)
    op = of.InteractionOperator(mol.energy_nuc() + core, one_so, 0.5 * two_so)
    qubit = of.jordan_wigner(of.get_fermion_operator(op))
    qubit.compress(1e-12)
    return qubit, mf.e_tot


def lines(qubit):
    out = []
    for term, coefficient in sorted(qubit.terms.items(), key=lambda t: (len(t[0]), t[0])):
        label = " ".join(f"{p}{q}" for q, p in term) or "I"
        out.append(f"{coefficient.real:+.15f} {label}")
    return out


for name, atom, occupied, active, electrons in [
    ("h2", "H 0 0 0; H 0 0 0.735", [], [0, 1], 2),
    ("lih", "Li 0 0 0; H 0 0 1.595", [0], [1, 2, 3, 4, 5], 2),
]:
    qubit, hf = qubit_hamiltonian(atom, occupied, active)
    matrix = of.get_sparse_operator(qubit)
    exact = of.get_ground_state(matrix)[0]
    print(f"# {name}: {len(qubit.terms)} terms, HF {hf:.12f}, exact {exact:.12f}")
    print("\n".join(lines(qubit)))
