/// Quanta: compact neural networks — simulated variational quantum circuits as trainable
/// layers, and low-bit quantization. This umbrella module re-exports the public modules.
@_exported import Tensor
@_exported import NeuralNetworks
@_exported import QuantumSim
@_exported import Datasets
@_exported import Quantization
@_exported import QML
@_exported import ModelZoo
@_exported import Plotting
@_exported import Learners
@_exported import LanguageModels
@_exported import Cluster
