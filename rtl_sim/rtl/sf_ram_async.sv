// sf_ram_async: single-clock memory with one write port and one asynchronous (combinational)
// read port, used for the small per-neuron accumulator array (a register file in silicon), so a
// synaptic op reads, adds and writes back one accumulator word in a single cycle.
module sf_ram_async #(
  parameter int AW = 10,  // address bits: depth = 2^AW words
  parameter int DW = 24   // word width, bits
) (
  input  logic          clk,
  input  logic          we,
  input  logic [AW-1:0] waddr,
  input  logic [DW-1:0] wdata,
  input  logic [AW-1:0] raddr,
  output logic [DW-1:0] rdata
);
  logic [DW-1:0] mem [0:(1<<AW)-1];

  always_ff @(posedge clk) begin
    if (we) mem[waddr] <= wdata;
  end
  assign rdata = mem[raddr];
endmodule
