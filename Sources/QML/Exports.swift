// QML layers are used with the network types and circuits they build on.
@_exported import NeuralNetworks
@_exported import QuantumSim
