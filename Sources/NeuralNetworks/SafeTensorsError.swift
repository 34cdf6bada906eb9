/// A problem with a safetensors file: says which file and what is wrong.
public struct SafeTensorsError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String
    public init(file: String, problem: String) { self.file = file; self.problem = problem }
    public var description: String { "\(file): \(problem)" }
}
